// The contact form at a fair booth, on a phone with a bad connection. Progressive enhancement:
// without this file the form is a plain POST. With it:
// - what was typed is kept on the phone (localStorage) until the contact is saved, so a failed
//   request or a closed tab loses nothing;
// - a contact sent while offline (or when the request fails) waits in a queue on the phone and is
//   sent when the connection returns. Each filled form carries its own client_id, so sending it
//   again never stores it twice.
// Keeping and restoring the typed fields is drafts.js's (MCDrafts), shared with the listing steps.
(function () {
  "use strict";
  var drafts = window.MCDrafts;
  var QUEUE_KEY = "mc-contacts-queue";
  var RETRY_EVERY_MS = 20000; // for connections that come back without an "online" event
  var status = document.querySelector("[data-queue-status]");
  var form = document.querySelector("[data-contact-form]");
  var flushing = false;

  if (!window.fetch || !drafts) return;

  function readQueue() {
    try { return JSON.parse(localStorage.getItem(QUEUE_KEY) || "[]"); } catch (e) { return []; }
  }
  function writeQueue(queue) { localStorage.setItem(QUEUE_KEY, JSON.stringify(queue)); }

  function text(key, values) {
    var message = (status && status.getAttribute("data-msg-" + key)) || "";
    Object.keys(values || {}).forEach(function (name) { message = message.split("{" + name + "}").join(values[name]); });
    return message;
  }

  function say(message, kind) {
    if (!status) return;
    status.textContent = message;
    status.className = "queue-status note" + (kind ? " note-" + kind : "");
    status.hidden = !message;
  }

  function showPending() {
    var count = readQueue().length;
    if (count) say(text("pending", { count: count }), "warning");
  }

  function newClientId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // One POST of a saved form. Resolves to {kind: "saved" | "refused" | "failed", body}.
  function post(entry, retried) {
    var data = new FormData();
    entry.fields.forEach(function (pair) { data.append(pair[0], pair[1]); });
    return fetch(entry.url, { method: "POST", body: data, credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (response.status === 400 && !retried) return renewToken(entry).then(function () { return post(entry, true); });
        if (!json) return { kind: "failed" }; // signed out, or a proxy's error page: keep it
        return response.json().then(function (body) {
          if (response.status === 201) return { kind: "saved", body: body };
          if (response.status === 422) return { kind: "refused", body: body };
          return { kind: "failed", body: body };
        });
      })
      .catch(function () { return { kind: "failed" }; });
  }

  // The form's CSRF token expires after some hours: a contact queued all day asks for a new one.
  function renewToken(entry) {
    return drafts.renewToken(entry.page || "/producer/contacts/new", entry.fields)
      .then(function (pairs) { entry.fields = pairs; });
  }

  function enqueue(entry) {
    var queue = readQueue().filter(function (queued) { return queued.id !== entry.id; });
    queue.push(entry);
    writeQueue(queue);
  }

  function flush() {
    var queue = readQueue();
    if (flushing || !queue.length || navigator.onLine === false) return Promise.resolve();
    flushing = true;
    var entry = queue[0];
    return post(entry).then(function (outcome) {
      flushing = false;
      if (outcome.kind === "failed") { showPending(); return; }
      writeQueue(readQueue().filter(function (queued) { return queued.id !== entry.id; }));
      if (outcome.kind === "refused") {
        say(text("refused", { name: entry.name, message: outcome.body.message }), "warning");
        return;
      }
      if (readQueue().length) return flush();
      say(text("sent"), "success");
    });
  }

  drafts.whenOnline(flush, RETRY_EVERY_MS);
  showPending();
  flush();

  if (!form) return;

  var draftKey = "mc-contact-draft-" + form.getAttribute("data-booth");
  var problem = form.querySelector("[data-form-problem]");

  function fields() { return drafts.fields(form); }
  function saveDraft() { drafts.save(draftKey, form); }
  function restoreDraft() { drafts.restore(draftKey, form); }

  function clearForm() {
    drafts.clear(draftKey);
    form.reset();
    form.elements.client_id.value = newClientId();
    Array.prototype.forEach.call(form.querySelectorAll(".error:not([data-form-problem])"), function (node) { node.remove(); });
    problem.hidden = true;
    form.elements.name.focus();
  }

  function showRefusal(body) {
    problem.textContent = body.message;
    problem.hidden = false;
  }

  if (form.querySelector(".has-error")) {
    saveDraft(); // the server refused it: what it shows back is the draft now
  } else {
    restoreDraft();
  }
  form.addEventListener("input", saveDraft);
  form.addEventListener("change", saveDraft);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    form.elements.recorded_at.value = new Date().toISOString();
    saveDraft();
    var entry = { id: form.elements.client_id.value, url: form.action, page: window.location.href,
                  name: form.elements.name.value, fields: fields() };
    var queued = function () { enqueue(entry); clearForm(); say(text("queued", { name: entry.name }), "warning"); };
    if (navigator.onLine === false) { queued(); return; }
    say(text("saving"));
    post(entry).then(function (outcome) {
      if (outcome.kind === "saved") { clearForm(); say(outcome.body.message, "success"); flush(); }
      else if (outcome.kind === "refused") { say(""); showRefusal(outcome.body); }
      else { queued(); }
    });
  });
})();
