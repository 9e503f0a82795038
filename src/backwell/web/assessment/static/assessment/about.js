// About you: the pregnancy question is hidden while "Male" is chosen (the server ignores it then).
(function () {
  "use strict";
  var form = document.querySelector("[data-about-form]");
  if (!form) { return; }
  var question = form.querySelector("[data-pregnancy]");
  if (!question) { return; }
  function update() {
    var chosen = form.querySelector('input[name="sex"]:checked');
    question.hidden = Boolean(chosen && chosen.value === "male");
  }
  form.addEventListener("change", function (event) {
    if (event.target && event.target.name === "sex") { update(); }
  });
  update();
})();
