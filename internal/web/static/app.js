// mentorhub progressive enhancement. Every page works without this file.
// htmx requests carry the session's CSRF token in a header.
document.addEventListener("htmx:configRequest", function (ev) {
  var meta = document.querySelector('meta[name="csrf-token"]');
  if (meta) { ev.detail.headers["X-CSRF-Token"] = meta.content; }
});
