// The skeleton drawn over the camera preview, so a person sees what the coach sees (and when it
// cannot see them). Drawn on a canvas in this page only.

// BlazePose's limbs and trunk (indices of the 33 landmarks); the face is left out as it says nothing here.
const BONES = [
  [11, 12], [11, 13], [13, 15], [12, 14], [14, 16], [11, 23], [12, 24], [23, 24],
  [23, 25], [25, 27], [27, 29], [29, 31], [27, 31], [24, 26], [26, 28], [28, 30], [30, 32], [28, 32],
];
const SEEN = 0.5;

function seen(landmark) {
  return landmark && (landmark.visibility === undefined || landmark.visibility >= SEEN);
}

// Keeps the canvas's pixels matching the video's, so normalised landmarks land on the person.
export function fitCanvas(canvas, video) {
  var width = video.videoWidth || 640;
  var height = video.videoHeight || 480;
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
}

export function drawSkeleton(canvas, landmarks, { good = true } = {}) {
  var context = canvas.getContext("2d");
  context.clearRect(0, 0, canvas.width, canvas.height);
  if (!landmarks) { return; }
  var w = canvas.width, h = canvas.height;
  var scale = Math.max(2, Math.round(Math.min(w, h) / 120));
  // Light lines with a dark edge read on any background; amber when the form needs a change.
  context.lineCap = "round";
  BONES.forEach(function (bone) {
    var a = landmarks[bone[0]], b = landmarks[bone[1]];
    if (!seen(a) || !seen(b)) { return; }
    context.beginPath();
    context.moveTo(a.x * w, a.y * h);
    context.lineTo(b.x * w, b.y * h);
    context.strokeStyle = "rgba(0, 0, 0, 0.6)";
    context.lineWidth = scale * 2;
    context.stroke();
    context.strokeStyle = good ? "#7ee2b8" : "#ffc857";
    context.lineWidth = scale;
    context.stroke();
  });
  context.fillStyle = "#ffffff";
  for (var i = 11; i < landmarks.length; i += 1) {
    if (!seen(landmarks[i])) { continue; }
    context.beginPath();
    context.arc(landmarks[i].x * w, landmarks[i].y * h, scale * 1.2, 0, 2 * Math.PI);
    context.fill();
  }
}
