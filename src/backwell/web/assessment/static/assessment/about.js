// About you: the pregnancy question is hidden while "Male" is chosen (the server ignores it then), and
// the weeks of pregnancy are asked only once "Yes, pregnant" is chosen.
(function () {
  "use strict";
  var form = document.querySelector("[data-about-form]");
  if (!form) { return; }
  var question = form.querySelector("[data-pregnancy]");
  var weeks = form.querySelector("[data-pregnancy-weeks]");
  if (!question) { return; }
  function update() {
    var chosen = form.querySelector('input[name="sex"]:checked');
    var male = Boolean(chosen && chosen.value === "male");
    question.hidden = male;
    if (weeks) {
      var pregnant = form.querySelector('input[name="pregnant"]:checked');
      weeks.hidden = male || !(pregnant && pregnant.value === "yes");
    }
  }
  form.addEventListener("change", function (event) {
    if (event.target && (event.target.name === "sex" || event.target.name === "pregnant")) { update(); }
  });
  update();
})();
