// mentorhub progressive enhancement. Every page works without this file.
// htmx requests carry the session's CSRF token in a header.
document.addEventListener("htmx:configRequest", function (ev) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { ev.detail.headers["X-CSRF-Token"] = meta.content; }
});
// After a failed submit the page's error summary takes the focus (it has
// autofocus; this covers browsers that honour autofocus on form fields only).
document.addEventListener("DOMContentLoaded", function () {
  var s = document.querySelector(".error-summary[autofocus]");
  if (s && document.activeElement !== s) { s.focus(); }
});
// A control focused inside a table that scrolls sideways is brought into
// view in both directions (browsers scroll the page, not always the table).
document.addEventListener("focusin", function (ev) {
  var t = ev.target;
  if (t && t.closest && t !== t.closest(".table-wrap") && t.closest(".table-wrap") && t.scrollIntoView) {
    t.scrollIntoView({ block: "nearest", inline: "nearest" });
  }
});
// A page link of the catalogue is replaced with the results it fetched:
// the focus goes to the count above them, not to the top of the page.
document.addEventListener("htmx:afterSwap", function (ev) {
  var elt = ev.detail && ev.detail.requestConfig && ev.detail.requestConfig.elt;
  if (elt && elt.closest && elt.closest(".pagination")) {
    var c = document.getElementById("catalogue-count");
    if (c) { c.focus(); }
  }
});
// A link of an error summary puts the focus in the field it names (a
// fragment link alone only scrolls there), with the field's label in view.
document.addEventListener("click", function (ev) {
  var a = ev.target && ev.target.closest ? ev.target.closest(".error-summary a[href^='#']") : null;
  if (!a) { return; }
  var f = document.getElementById(a.getAttribute("href").slice(1));
  if (!f) { return; }
  ev.preventDefault();
  var go = function () {
    f.focus();
    var l = document.querySelector("label[for='" + f.id + "']") || f;
    l.scrollIntoView({ block: "center" });
  };
  if (ev.detail !== 0) { go(); return; }
  // Activated by Enter: move only when the key is released, so that the
  // key's remaining events do not reach the field and submit the form again.
  var done = false;
  var once = function () { if (!done) { done = true; document.removeEventListener("keyup", once, true); go(); } };
  document.addEventListener("keyup", once, true);
  setTimeout(once, 1000);
});
// The catalogue's unit choices arrive out of band with each htmx result.
// Moving options between selects carries their selectedness along, so the
// last one would end up chosen: choose the one the server marked instead.
document.addEventListener("htmx:oobAfterSwap", function (ev) {
  var t = ev.detail && ev.detail.target;
  if (t && t.tagName === "SELECT") {
    var chosen = 0;
    for (var i = 0; i < t.options.length; i++) {
      if (t.options[i].defaultSelected) { chosen = i; }
    }
    t.selectedIndex = chosen;
  }
});
