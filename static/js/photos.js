/* Photos from the phone: shrink them in the browser, then upload them one by one with a
 * progress bar each. Progressive enhancement only: without this script (or without the browser
 * features it needs) the form posts its multipart files as usual.
 *
 * Contract with the page:
 *   <form data-photo-upload method="post" enctype="multipart/form-data" action="...">
 *     <input type="file" name="photos" accept="image/*" multiple data-photo-input>
 *     <div data-photo-progress></div>          (optional: where progress bars go)
 *     <button data-photo-submit>               (optional: hidden, since a photo goes up as soon
 *                                               as it is taken or chosen)
 * Optional messages in the page's language, as attributes of the form:
 *   data-photo-msg-failed, data-photo-msg-too-large, data-photo-msg-network, data-photo-msg-continue
 * Each photo is POSTed to the form's action with the form's other fields (csrf_token too) as
 * multipart field "photos", with "Accept: application/json" and "X-CSRFToken". The server
 * answers {"next": "<url>", "errors": ["message", ...]}. When every photo went through without
 * errors the browser goes to the last "next"; otherwise the errors stay on screen, each under
 * its photo, with a link to "next".
 */
(function () {
  "use strict";

  var LONG_SIDE = 1600; // px: the largest variant the server makes
  var QUALITY = 0.82;
  var LOW_QUALITY = 0.6; // a second try for a photo still over MAX_BYTES (fine grain, leaves)
  var MAX_BYTES = 1000000; // what one photo may cost a producer's data plan
  var DEFAULT_MESSAGES = {
    failed: "No se pudo subir esta foto. Inténtalo de nuevo.",
    tooLarge: "La foto pesa demasiado.",
    network: "Se cortó la conexión. Revisa tu señal e inténtalo de nuevo.",
    "continue": "Continuar"
  };

  if (!window.FormData || !window.XMLHttpRequest || !window.Promise || !document.querySelectorAll) {
    return;
  }

  function canvasCanEncode() {
    var canvas = document.createElement("canvas");
    return !!(canvas.getContext && canvas.getContext("2d") && canvas.toBlob && window.URL);
  }

  var CAN_SHRINK = canvasCanEncode();

  function message(form, key) {
    var attribute = "data-photo-msg-" + key.replace(/[A-Z]/g, function (c) { return "-" + c.toLowerCase(); });
    return form.getAttribute(attribute) || DEFAULT_MESSAGES[key];
  }

  function csrfToken(form) {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta) { return meta.getAttribute("content"); }
    var field = form.querySelector('input[name="csrf_token"]');
    return field ? field.value : "";
  }

  /* Decoding: createImageBitmap where it exists (it turns the photo upright from its EXIF),
   * an <img> element otherwise (browsers also apply EXIF orientation to images). */
  function decodeWithImg(file) {
    return new Promise(function (resolve, reject) {
      var url = URL.createObjectURL(file);
      var img = new Image();
      img.onload = function () {
        resolve({ source: img, width: img.naturalWidth, height: img.naturalHeight,
                  release: function () { URL.revokeObjectURL(url); } });
      };
      img.onerror = function () { URL.revokeObjectURL(url); reject(new Error("decode")); };
      img.src = url;
    });
  }

  function decode(file) {
    if (window.createImageBitmap) {
      return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
        return { source: bitmap, width: bitmap.width, height: bitmap.height,
                 release: function () { if (bitmap.close) { bitmap.close(); } } };
      }, function () { return decodeWithImg(file); });
    }
    return decodeWithImg(file);
  }

  function jpegName(name) {
    return (name || "foto").replace(/\.[^.\/]*$/, "") + ".jpg";
  }

  /* A JPEG about LONG_SIDE px on its long side; the original file when it is already small
   * or when this browser cannot read it (HEIC on most Android phones): the server copes. */
  function shrink(file) {
    if (!CAN_SHRINK || !/^image\//.test(file.type || "image/")) {
      return Promise.resolve(file);
    }
    return Promise.resolve().then(function () {
      return decode(file); // inside the promise: an old browser that throws lands in .catch
    }).then(function (decoded) {
      var scale = Math.min(1, LONG_SIDE / Math.max(decoded.width, decoded.height));
      if (scale >= 1 || !decoded.width || !decoded.height) {
        decoded.release();
        return file;
      }
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(decoded.width * scale);
      canvas.height = Math.round(decoded.height * scale);
      var context = canvas.getContext("2d");
      context.fillStyle = "#fff"; // JPEG has no transparency
      context.fillRect(0, 0, canvas.width, canvas.height);
      context.imageSmoothingQuality = "high";
      context.drawImage(decoded.source, 0, 0, canvas.width, canvas.height);
      decoded.release();
      var encode = function (quality) {
        return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", quality); });
      };
      return encode(QUALITY).then(function (blob) {
        return blob && blob.size > MAX_BYTES ? encode(LOW_QUALITY) : blob;
      }).then(function (blob) {
        canvas.width = canvas.height = 0; // let a low-memory phone have the pixels back
        return blob && blob.size < file.size ? { blob: blob, name: jpegName(file.name) } : file;
      });
    }).catch(function () { return file; });
  }

  function progressArea(form, input) {
    var area = form.querySelector("[data-photo-progress]") || document.querySelector("[data-photo-progress]");
    if (area) { return area; }
    area = document.createElement("div");
    area.setAttribute("data-photo-progress", "");
    input.parentNode.insertBefore(area, input.nextSibling);
    return area;
  }

  function progressRow(area, file) {
    var listLike = /^(UL|OL)$/.test(area.tagName);
    var row = document.createElement(listLike ? "li" : "div");
    row.className = "photo-upload";
    var name = document.createElement("span");
    name.className = "photo-upload__name";
    name.textContent = file.name || "foto";
    var bar = document.createElement("progress");
    bar.max = 100; // no value yet: the bar moves on its own while the photo is prepared
    var status = document.createElement("span");
    status.className = "photo-upload__status";
    status.setAttribute("role", "status");
    row.appendChild(name);
    row.appendChild(document.createTextNode(" "));
    row.appendChild(bar);
    row.appendChild(document.createTextNode(" "));
    row.appendChild(status);
    area.setAttribute("aria-live", "polite");
    area.appendChild(row);
    return { row: row, bar: bar, status: status };
  }

  function showErrors(view, errors) {
    view.row.classList.add("photo-upload--error");
    view.status.textContent = "";
    var list = document.createElement("ul");
    list.className = "photo-upload__errors";
    errors.forEach(function (text) {
      var item = document.createElement("li");
      item.textContent = text;
      list.appendChild(item);
    });
    view.row.appendChild(list);
  }

  function formFields(form, fileNames, submitter) {
    var data = new FormData(form);
    fileNames.forEach(function (name) { data.delete(name); });
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    return data;
  }

  function send(form, fields, prepared, view) {
    return new Promise(function (resolve) {
      var data = fields();
      if (prepared.blob) { data.append("photos", prepared.blob, prepared.name); }
      else { data.append("photos", prepared, prepared.name); }
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action || window.location.href);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.setRequestHeader("X-CSRFToken", csrfToken(form));
      xhr.upload.onprogress = function (event) {
        if (event.lengthComputable) { view.bar.value = Math.round(100 * event.loaded / event.total); }
      };
      xhr.onload = function () {
        var answer = null;
        try { answer = JSON.parse(xhr.responseText); } catch (ignored) { answer = null; }
        var errors = answer && answer.errors && answer.errors.length ? answer.errors : [];
        if (!errors.length && (xhr.status < 200 || xhr.status >= 300)) {
          errors = [message(form, xhr.status === 413 ? "tooLarge" : "failed")];
        }
        view.bar.value = 100;
        resolve({ next: answer && answer.next, errors: errors });
      };
      xhr.onerror = xhr.ontimeout = function () {
        resolve({ next: null, errors: [message(form, "network")], network: true });
      };
      xhr.send(data);
    });
  }

  /* Resolves when the browser says it is online again (at once if it never said otherwise). */
  function online() {
    if (navigator.onLine !== false) { return Promise.resolve(); }
    return new Promise(function (resolve) {
      window.addEventListener("online", function again() {
        window.removeEventListener("online", again);
        resolve();
      });
    });
  }

  /* Send one photo; a photo cut off by the network waits for the connection and goes again,
   * the ones already sent are not sent twice. */
  function sendUntilOnline(form, fields, prepared, view) {
    return send(form, fields, prepared, view).then(function (result) {
      if (!result.network) { return result; }
      view.status.textContent = message(form, "network");
      return online().then(function () {
        view.status.textContent = "";
        view.bar.removeAttribute("value");
        return sendUntilOnline(form, fields, prepared, view);
      });
    });
  }

  function uploadAll(form, inputs, files, submitter) {
    var names = [];
    inputs.forEach(function (input) { if (names.indexOf(input.name) < 0) { names.push(input.name); } });
    var fields = function () { return formFields(form, names, submitter); };
    var buttons = Array.prototype.slice.call(form.querySelectorAll("button, input[type=submit]"));
    buttons.forEach(function (button) { button.disabled = true; });
    var area = progressArea(form, inputs[0]);
    var views = files.map(function (file) { return progressRow(area, file); });
    var next = null;
    var failed = false;

    var chain = Promise.resolve();
    files.forEach(function (file, index) {
      chain = chain.then(function () {
        return shrink(file);
      }).then(function (prepared) {
        views[index].bar.value = 0;
        return sendUntilOnline(form, fields, prepared, views[index]);
      }).then(function (result) {
        if (result.next) { next = result.next; }
        if (result.errors.length) {
          failed = true;
          showErrors(views[index], result.errors);
        }
      }).catch(function () {
        failed = true;
        showErrors(views[index], [message(form, "failed")]);
      });
    });
    chain.then(function () {
      inputs.forEach(function (input) { input.value = ""; }); // sent already: not twice
      if (next && !failed) {
        window.location.assign(next);
        return;
      }
      buttons.forEach(function (button) { button.disabled = false; });
      if (next) {
        var link = document.createElement("a");
        link.href = next;
        link.className = "photo-upload__continue";
        link.textContent = message(form, "continue");
        area.appendChild(link);
      }
    });
  }

  function chosenFiles(inputs) {
    var files = [];
    inputs.forEach(function (input) {
      Array.prototype.forEach.call(input.files || [], function (file) { files.push(file); });
    });
    return files;
  }

  function enhance(form) {
    if (form.getAttribute("data-photo-enhanced")) { return; }
    form.setAttribute("data-photo-enhanced", "1");
    var inputs = Array.prototype.slice.call(form.querySelectorAll("input[type=file][data-photo-input]"));
    // A photo goes up as soon as it is taken or chosen: no second tap on a button.
    inputs.forEach(function (input) {
      input.addEventListener("change", function () {
        var files = chosenFiles([input]);
        if (files.length) { uploadAll(form, inputs, files, null); }
      });
    });
    Array.prototype.forEach.call(form.querySelectorAll("[data-photo-submit]"), function (button) {
      button.hidden = true;
    });
    form.addEventListener("submit", function (event) {
      var files = chosenFiles(inputs);
      if (!files.length) { return; } // no photo: the ordinary submit goes ahead
      event.preventDefault();
      uploadAll(form, inputs, files, event.submitter);
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-photo-upload]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
