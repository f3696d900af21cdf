// The listing steps on a phone with a bad connection. Progressive enhancement: without it each
// step is a plain form. With it (and drafts.js):
// - what was typed is kept on the phone until the step is saved, and comes back after a reload,
//   a closed tab or a failed submit;
// - a submit cut off by the network says so and goes again when the connection returns;
// - a form that would send a brand seal back to review (data-review-fields) asks first.
// Forms: <form data-draft="KEY" data-msg-offline data-msg-restored data-msg-discard ...>.
(function () {
  "use strict";
  var drafts = window.MCDrafts;
  var RETRY_EVERY_MS = 20000;
  if (!drafts || !window.fetch) return;

  function reviewAsked(form) {
    var message = form.getAttribute("data-review-warning");
    if (!message || form.querySelector("input[name=confirm_review]")) return true;
    var names = (form.getAttribute("data-review-fields") || "").split(" ");
    var changed = Array.prototype.some.call(form.elements, function (element) {
      if (!element.name || (names[0] !== "*" && names.indexOf(element.name) < 0)) return false;
      if (element.type === "checkbox" || element.type === "radio") return element.checked !== element.defaultChecked;
      if (element.options) {
        return Array.prototype.some.call(element.options, function (o) { return o.selected !== o.defaultSelected; });
      }
      return element.type !== "hidden" && element.value !== element.defaultValue;
    });
    if (!changed) return true;
    if (!window.confirm(message)) return false;
    var yes = document.createElement("input");
    yes.type = "hidden";
    yes.name = "confirm_review";
    yes.value = "1";
    form.appendChild(yes);
    return true;
  }

  function enhance(form) {
    var key = "mc-draft:" + form.getAttribute("data-draft");
    var status = document.createElement("p");
    status.className = "note";
    status.setAttribute("role", "status");
    status.hidden = true;
    form.parentNode.insertBefore(status, form);
    var waiting = null;

    function say(text, kind) {
      status.textContent = text || "";
      status.className = "note" + (kind ? " note-" + kind : "");
      status.hidden = !text;
    }

    if (form.querySelector(".has-error, [role=alert]")) {
      drafts.save(key, form); // the server showed it back: what it shows is the draft now
    } else if (drafts.restore(key, form)) {
      say(form.getAttribute("data-msg-restored"), "warning");
      var discard = document.createElement("button");
      discard.type = "button";
      discard.className = "link";
      discard.textContent = form.getAttribute("data-msg-discard");
      discard.addEventListener("click", function () { drafts.clear(key); window.location.reload(); });
      status.appendChild(document.createTextNode(" "));
      status.appendChild(discard);
    }
    form.addEventListener("input", function () { drafts.save(key, form); });
    form.addEventListener("change", function () { drafts.save(key, form); });

    function send(url, pairs, renewed) {
      var data = new FormData();
      pairs.forEach(function (pair) { data.append(pair[0], pair[1]); });
      return fetch(url, { method: "POST", body: data, credentials: "same-origin", headers: { "X-Draft-Submit": "1" } })
        .then(function (response) {
          var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
          if (response.status === 400 && !renewed) {
            return drafts.renewToken(window.location.href, pairs).then(function (fresh) { return send(url, fresh, true); });
          }
          if (json) {
            return response.json().then(function (answer) {
              drafts.clear(key);
              window.location.assign(answer.next);
            });
          }
          // Refused (a message to show on the form): nothing was saved, so the plain form asks again.
          form.action = url;
          pairs.forEach(function (pair) {
            if (pair[0] === "then" && !form.querySelector("input[type=hidden][name=then]")) {
              var then = document.createElement("input");
              then.type = "hidden";
              then.name = "then";
              then.value = pair[1];
              form.appendChild(then);
            }
          });
          HTMLFormElement.prototype.submit.call(form);
        }, function () {
          say(form.getAttribute("data-msg-offline"), "warning");
          waiting = function () { var again = waiting; waiting = null; if (again) { say(""); send(url, pairs); } };
        });
    }

    drafts.whenOnline(function () { if (waiting && navigator.onLine !== false) waiting(); }, RETRY_EVERY_MS);

    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.name === "refresh_places") return; // the plain form's own refresh
      if (!reviewAsked(form)) { event.preventDefault(); return; }
      event.preventDefault();
      drafts.save(key, form);
      var pairs = drafts.fields(form);
      if (submitter && submitter.name) pairs.push([submitter.name, submitter.value]);
      var url = (submitter && submitter.getAttribute("formaction")) ? submitter.formAction : form.action;
      if (navigator.onLine === false) {
        say(form.getAttribute("data-msg-offline"), "warning");
        waiting = function () { waiting = null; say(""); send(url, pairs); };
        return;
      }
      send(url, pairs);
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll("form[data-draft]"), enhance);
})();
