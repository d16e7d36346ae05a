// Progressive enhancement only: every page works without this file.
// Move focus to an error summary so screen readers announce it.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }
});
// Idea form: after a pause in typing, show similar ideas residents could support instead.
document.addEventListener("DOMContentLoaded", function () {
  var text = document.getElementById("text"), box = document.getElementById("similar-ideas");
  var timer, request;
  if (!text || !box) { return; }
  text.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(function () {
      var value = text.value.trim();
      if (request) { request.abort(); }
      if (value.length < 20) { box.innerHTML = ""; return; }
      request = new AbortController();
      // POST with the form's token: what residents type never appears in an address or a log.
      fetch(box.dataset.url, { method: "POST", signal: request.signal,
        body: new URLSearchParams({ text: value, csrf_token: text.form.csrf_token.value }) })
        .then(function (r) { return r.ok ? r.text() : ""; })
        .then(function (html) { box.innerHTML = html; }, function () {});
    }, 800);
  });
});
// "Copy link" buttons: shown only where the clipboard can be written.
document.addEventListener("DOMContentLoaded", function () {
  if (!navigator.clipboard) { return; }
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var target = document.getElementById(button.dataset.copy);
    if (!target) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.href || target.textContent).then(function () {
        button.textContent = button.dataset.copied;
      }, function () {});
    });
  });
});
