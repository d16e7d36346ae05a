// Facilitator pages: show the page htmx receives when an action is refused (400, 409, 422),
// exactly as it appears without JavaScript.
document.addEventListener("htmx:beforeSwap", function (event) {
  var status = event.detail.xhr.status;
  if (status === 400 || status === 409 || status === 422) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});
