// What a form keeps on the phone while the connection comes and goes: shared by the fair contact
// form (contacts.js) and the listing steps (listing.js). Progressive enhancement: without it the
// forms are plain POSTs.
//   MCDrafts.fields(form)              the form's fields as [name, value] pairs (no files)
//   MCDrafts.save(key, form)           keep what was typed in localStorage
//   MCDrafts.read(key)                 the pairs kept, or null
//   MCDrafts.restore(key, form)        put them back in the form; true when there was a draft
//   MCDrafts.clear(key)
//   MCDrafts.renewToken(page, pairs)   a fresh CSRF token from `page` (a form kept for hours)
//   MCDrafts.whenOnline(fn, everyMs)   call fn when the connection returns (and every everyMs,
//                                      for connections that come back without an "online" event)
(function () {
  "use strict";
  if (!window.localStorage || !window.FormData || !window.JSON) return;

  function fields(form) {
    var pairs = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value === "string") pairs.push([name, value]);
    });
    return pairs;
  }

  function save(key, form) {
    try { localStorage.setItem(key, JSON.stringify(fields(form))); } catch (e) { /* storage full: the form still posts */ }
  }

  function read(key) {
    try { return JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { return null; }
  }

  function restore(key, form) {
    var saved = read(key);
    if (!saved) return false;
    var values = {};
    saved.forEach(function (pair) { (values[pair[0]] = values[pair[0]] || []).push(pair[1]); });
    Array.prototype.forEach.call(form.elements, function (element) {
      var name = element.name;
      if (!name || name === "csrf_token" || element.type === "file" || element.type === "submit") return;
      if (element.type === "checkbox" || element.type === "radio") {
        element.checked = (values[name] || []).indexOf(element.value) !== -1; // unchecked boxes are not in FormData
      } else if (element.multiple) {
        Array.prototype.forEach.call(element.options, function (option) {
          option.selected = (values[name] || []).indexOf(option.value) !== -1;
        });
      } else if (name in values) {
        element.value = values[name][0];
      }
    });
    return true;
  }

  function clear(key) { localStorage.removeItem(key); }

  function renewToken(page, pairs) {
    return fetch(page, { credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        var match = /<meta name="csrf-token" content="([^"]+)"/.exec(html);
        if (!match) return pairs;
        return pairs.map(function (pair) { return pair[0] === "csrf_token" ? [pair[0], match[1]] : pair; });
      });
  }

  function whenOnline(fn, everyMs) {
    window.addEventListener("online", fn);
    if (everyMs) window.setInterval(fn, everyMs);
  }

  window.MCDrafts = { fields: fields, save: save, read: read, restore: restore, clear: clear,
                      renewToken: renewToken, whenOnline: whenOnline };
})();
