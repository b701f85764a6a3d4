/*
 * steps.js: the browser's Back and Forward buttons for multi-step forms whose
 * steps are POSTs to one URL, without answers in the URL, the history or a
 * cookie, and without a server-side draft (ADR 9; ADR 4 and ADR 6 still hold).
 *
 * CONTRACT
 * 1. Load it with <script src="{% static 'js/steps.js' %}" defer></script>
 *    (in {% block extra_head %}); no inline script, CSP script-src 'self'.
 * 2. Mark the form: <form method="post" action="<this page's path>" data-steps>.
 *    The action's path must be the page's own path, and the clicked button
 *    must not carry formaction/formmethod, or the form is submitted natively.
 *    Any enctype works (multipart sends chosen files along).
 *    Mark hidden inputs that belong to one page only with data-steps-own (the
 *    wizard's and the report form's <input type="hidden" name="step">).
 * 3. The server answers every step with a whole HTML page (the same template
 *    as without JavaScript), status 2xx, or 4xx for a step with errors. The
 *    script replaces the children of the page's <main> with those of the
 *    response's <main>, copies <main>'s class, sets document.title, and moves
 *    the focus to the first of: [data-steps-focus], #error-summary, .alert-error,
 *    h1, <main> (given tabindex="-1" when needed).
 * 4. A submit sends the form's fields plus the clicked button's name=value
 *    (event.submitter, as a native submit does; Enter sends the form's first
 *    submit button). While a step is loading, further submits are ignored.
 * 5. Each step adds one history entry: history.pushState({steps: n}, "", the
 *    same URL). The state holds the step's index only, never an answer.
 *    The previous steps' nodes are kept, detached, in memory (typed text,
 *    choices and chosen files stay); Back and Forward put them back.
 *    A step that is not in memory (after a reload, or after the end) leaves
 *    the page as it is: Back is then harmless, never an error.
 *    When Back or Forward puts a step back, the newest values of the page
 *    being left are carried into the step's hidden inputs (replacing older
 *    copies, adding missing ones), except for names the step shows as a
 *    visible field and inputs marked data-steps-own. So continuing from an
 *    earlier step loses nothing given later. Files are never carried.
 * 6. End: if the response's <main> has the attribute data-steps-end, or holds
 *    an element with it, every kept step is dropped from memory (after
 *    sending, Back cannot bring back what was typed).
 * 7. Fallback: on a network error, a response that is not HTML, a status
 *    outside 2xx/4xx, or a page without <main>, the same form is submitted
 *    natively with the same button. A response reached through a redirect
 *    is not swapped in: the browser navigates to where it led (a GET).
 * 8. After every swap the script dispatches "steps:swap" on document
 *    (detail: {main: <main>, restored: true|false}) so other scripts can set
 *    up the new content. Submits are caught by one listener on document, so
 *    forms in swapped content need no setup of their own.
 * Without JavaScript nothing changes: the server's headers make Back work
 * (trafficking/core/step_cache.py).
 */
(function () {
  "use strict";
  var main = document.querySelector("main");
  if (!main || !window.fetch || !window.DOMParser || !window.history.pushState) { return; }

  var kept = [];  // index -> {nodes: DocumentFragment, title, className}
  var current = 0;
  var busy = false;
  var nativeNext = null;  // a form that must now be submitted natively

  function isOurs(state) {
    return state !== null && typeof state === "object" && typeof state.steps === "number";
  }

  // form.action, form.method and form.submit would return the wizard's
  // buttons named "action" (named form controls shadow them): read attributes.
  function attribute(element, name) {
    return element ? (element.getAttribute(name) || "") : "";
  }

  function actionOf(form) {
    return new URL(attribute(form, "action") || location.href, location.href);
  }

  function ours(form, submitter) {
    var target = actionOf(form);
    return attribute(form, "method").toLowerCase() === "post" &&
      !attribute(submitter, "formaction") && !attribute(submitter, "formmethod") &&
      target.origin === location.origin && target.pathname === location.pathname;
  }

  function detach() {
    var fragment = document.createDocumentFragment();
    while (main.firstChild) { fragment.appendChild(main.firstChild); }
    return {nodes: fragment, title: document.title, className: main.className};
  }

  function focusFirst() {
    var selectors = ["[data-steps-focus]", "#error-summary", ".alert-error", "h1"];
    var target = null;
    for (var i = 0; i < selectors.length && !target; i += 1) {
      target = main.querySelector(selectors[i]);
    }
    target = target || main;
    if (!target.hasAttribute("tabindex")) { target.setAttribute("tabindex", "-1"); }
    target.focus();
  }

  function stepForm(root) {
    return root.querySelector("form[data-steps]");
  }

  // Back to an earlier step shows it as it was then; its hidden copies of
  // the other answers are older than what the person has given since.
  // Carry the newest values over, so continuing from there loses nothing.
  function carry(from, to) {
    if (!from || !to) { return; }
    var values = {};
    Array.prototype.forEach.call(from.querySelectorAll("input, select, textarea"), function (field) {
      var type = (field.type || "").toLowerCase();
      if (!field.name || field.disabled || field.hasAttribute("data-steps-own") ||
          ["file", "submit", "button", "reset", "image"].indexOf(type) !== -1) { return; }
      values[field.name] = values[field.name] || [];
      if ((type === "checkbox" || type === "radio") && !field.checked) { return; }
      if (field.tagName === "SELECT") {
        Array.prototype.forEach.call(field.selectedOptions, function (option) {
          values[field.name].push(option.value);
        });
        return;
      }
      values[field.name].push(field.value);
    });
    Object.keys(values).forEach(function (name) {
      var copies = [];
      var asked = false;
      Array.prototype.forEach.call(to.querySelectorAll("input, select, textarea"), function (field) {
        if (field.name !== name) { return; }
        if ((field.type || "").toLowerCase() !== "hidden") { asked = true; }
        if (field.hasAttribute("data-steps-own")) { asked = true; }
        copies.push(field);
      });
      if (asked) { return; }  // the step's own question: what it shows wins
      copies.forEach(function (field) { field.parentNode.removeChild(field); });
      values[name].forEach(function (value) {
        var copy = document.createElement("input");
        copy.type = "hidden";
        copy.name = name;
        copy.value = value;
        to.appendChild(copy);
      });
    });
  }

  function show(entry, restored) {
    main.className = entry.className;
    main.appendChild(entry.nodes);
    document.title = entry.title;
    focusFirst();
    document.dispatchEvent(new CustomEvent("steps:swap", {detail: {main: main, restored: restored}}));
  }

  function nativeSubmit(form, submitter) {
    nativeNext = form;
    if (HTMLFormElement.prototype.requestSubmit) {
      HTMLFormElement.prototype.requestSubmit.call(form, submitter || undefined);
      return;
    }
    if (submitter && submitter.name) {
      var carried = document.createElement("input");
      carried.type = "hidden";
      carried.name = submitter.name;
      carried.value = submitter.value;
      form.appendChild(carried);
    }
    HTMLFormElement.prototype.submit.call(form);
  }

  function body(form, submitter) {
    var data = new FormData(form);
    // The one-argument constructor never includes the button, in any browser.
    if (submitter && submitter.name) { data.append(submitter.name, submitter.value); }
    if (attribute(form, "enctype").toLowerCase().indexOf("multipart") === 0) { return data; }
    return new URLSearchParams(data);
  }

  function arrive(form, submitter, response, text) {
    var page = new DOMParser().parseFromString(text, "text/html");
    var next = page.querySelector("main");
    if (!next) { nativeSubmit(form, submitter); return; }
    // Read the end marker before the children move out of the parsed <main>.
    var end = next.hasAttribute("data-steps-end") || !!next.querySelector("[data-steps-end]");
    var fragment = document.createDocumentFragment();
    while (next.firstChild) { fragment.appendChild(document.adoptNode(next.firstChild)); }
    kept[current] = detach();
    kept.length = current + 1;  // the forward entries are gone from the history too
    if (end) { kept = []; }
    current += 1;
    history.pushState({steps: current}, "", location.href);
    window.scrollTo(0, 0);
    show({nodes: fragment, title: page.title, className: next.className}, false);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-steps")) { return; }
    var submitter = event.submitter || null;
    if (nativeNext === form) { nativeNext = null; return; }
    if (!ours(form, submitter)) { return; }
    event.preventDefault();
    if (busy) { return; }
    busy = true;
    main.setAttribute("aria-busy", "true");
    fetch(actionOf(form).href, {
      method: "POST",
      body: body(form, submitter),
      credentials: "same-origin",
      cache: "no-store",
      headers: {"Accept": "text/html"}
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      var status = response.status;
      if (response.redirected) { location.assign(response.url); return null; }
      if (type.indexOf("text/html") !== 0 || status < 200 || status >= 500 || (status >= 300 && status < 400)) {
        nativeSubmit(form, submitter);
        return null;
      }
      return response.text().then(function (text) {
        arrive(form, submitter, response, text);
      }, function () {
        nativeSubmit(form, submitter);
      });
    }, function () {
      // Network failure: nothing was swapped; let the browser try (and report) it.
      nativeSubmit(form, submitter);
    }).then(function () {
      busy = false;
      main.removeAttribute("aria-busy");
    }, function () {
      busy = false;
      main.removeAttribute("aria-busy");
    });
  });

  window.addEventListener("popstate", function (event) {
    if (!isOurs(event.state) || event.state.steps === current) { return; }
    var target = event.state.steps;
    var entry = kept[target];
    if (!entry) {
      // Not in memory (reloaded, or the steps ended): keep what is shown.
      current = target;
      return;
    }
    carry(stepForm(main), stepForm(entry.nodes));
    kept[current] = detach();
    kept[target] = null;
    current = target;
    show(entry, true);
  });

  if (document.querySelector("form[data-steps]")) {
    if (isOurs(history.state)) {
      current = history.state.steps;
    } else if (history.state === null) {
      history.replaceState({steps: 0}, "", location.href);
    }
  }
}());
