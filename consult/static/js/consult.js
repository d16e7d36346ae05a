// Progressive enhancement only: every page works without this file.
// Move focus to an error summary so screen readers announce it.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }
});
// Idea form: "123 of 2,000 characters" under the text, counted as the server counts (trimmed,
// by character). Screen readers hear it only near the limit and past it, not at each key.
document.addEventListener("DOMContentLoaded", function () {
  var counter = document.getElementById("text-counter"), text = document.getElementById("text");
  var status = document.getElementById("text-counter-status");
  if (!counter || !text || !status) { return; }
  var max = Number(counter.dataset.max), level = null;
  var numbers = new Intl.NumberFormat(document.documentElement.lang || undefined, { useGrouping: "always" });
  var described = (text.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
  text.setAttribute("aria-describedby", described.concat(counter.id).join(" "));
  function update() {
    var count = Array.from(text.value.trim()).length;
    var now = count > max ? "over" : count >= 0.9 * max ? "near" : "under";
    var message = function (name) { return counter.dataset[name].replace("{count}", numbers.format(count)); };
    counter.textContent = message(now === "over" ? "over" : "message");
    counter.classList.toggle("counter-over", now === "over");
    text.closest(".field").classList.toggle("field-over", now === "over");
    if (level !== null && now !== level) { status.textContent = message(now === "under" ? "message" : now); }
    level = now;
  }
  counter.hidden = false;
  text.addEventListener("input", update);
  update();
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
// Commitment editor: selecting words in an idea's text fills the passage's character offsets.
// Each piece of the text carries the offset it starts at in the text as stored (line ends
// included as stored); offsets count characters (code points), as the server does.
document.addEventListener("DOMContentLoaded", function () {
  var source = document.querySelector("[data-passage-source]");
  var start = document.getElementById("passage_start"), end = document.getElementById("passage_end");
  var preview = document.getElementById("passage-preview");
  if (!source || !start || !end || !preview) { return; }
  var length = Number(source.dataset.length);
  function characters(text) { return Array.from(text).length; }
  function offset(node, at) {
    if (node.nodeType === Node.TEXT_NODE) {
      return Number(node.parentNode.dataset.at) + characters(node.data.slice(0, at));
    }
    if (node === source) {
      var child = source.childNodes[at];
      return child ? Number(child.dataset.at) : length;
    }
    var piece = node.closest("[data-at]");  // a piece itself: before or after its text
    return Number(piece.dataset.at) + (at > 0 ? characters(piece.textContent) : 0);
  }
  function selected() {
    var selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return null; }
    var range = selection.getRangeAt(0), whole = document.createRange();
    whole.selectNodeContents(source);
    if (!range.intersectsNode(source)) { return null; }
    // A selection that runs past the text keeps only its part within the text.
    var from = range.compareBoundaryPoints(Range.START_TO_START, whole) < 0 ? 0
      : offset(range.startContainer, range.startOffset);
    var to = range.compareBoundaryPoints(Range.END_TO_END, whole) > 0 ? length
      : offset(range.endContainer, range.endOffset);
    return to > from ? { from: from, to: to, text: selection.toString() } : null;
  }
  // Shown from the start, so that screen readers announce each selection in the live region.
  ["passage-hint", "passage-selected"].forEach(function (id) {
    var shown = document.getElementById(id);
    if (shown) { shown.hidden = false; }
  });
  document.addEventListener("selectionchange", function () {
    var passage = selected();
    if (!passage) { return; }
    start.value = passage.from;
    end.value = passage.to;
    var mark = document.createElement("mark");
    mark.textContent = passage.text;
    preview.textContent = preview.dataset.message.replace("{start}", passage.from)
      .replace("{end}", passage.to) + " ";
    preview.appendChild(mark);
  });
});
