/* The SPARQL editor page: YASQE (editor) and YASR (results) wired to this server's /sparql,
   the example queries one click away, download links, and result IRIs of the graph rewritten
   to the server's own linked-data pages. No network access beyond this server. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("ui-config").textContent);
  var examples = config.examples;
  var endpoint = new URL("/sparql", window.location.href).href;
  var initial = config.text !== null ? config.text
    : (config.initial && examples[config.initial] ? examples[config.initial].text : "");

  // only the local autocompleter: the others fetch prefix.cc and LOV on the internet
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  var yasqe = new Yasgui.Yasqe(document.getElementById("editor"), {
    value: initial,
    persistenceId: null,
    requestConfig: { endpoint: endpoint, method: "POST" },
    editorHeight: "320px",
    resizeable: true,
    createShareableLink: null
  });
  var yasr = new Yasgui.Yasr(document.getElementById("results"), {
    persistenceId: null,
    // IRIs shown as prefixed names: the graph's prefixes, then the query's own
    prefixes: function () { return Object.assign({}, config.prefixes, yasqe.getPrefixesFromQuery()); },
    pluginOrder: ["table", "response"],
    defaultPlugin: "table"
  });
  var results = document.getElementById("results");
  var errorBox = document.getElementById("query-error");

  // The endpoint's JSON error ({"error": {status, title, message, line, column, excerpt, hint}})
  // of a failed request, or null (a network failure, or not this server's error shape).
  function endpointError(response) {
    if (!response || !(response.status >= 400) || !response.response) return null;
    var body = response.response.body;
    if (!body || typeof body !== "object") {
      try { body = JSON.parse(response.response.text); } catch (e) { return null; }
    }
    return body && body.error && typeof body.error.message === "string" ? body.error : null;
  }

  // The error said as the server says it: what, where (the query line with a caret), the hint.
  function showError(error) {
    var where = error.line ? " at line " + error.line + ", column " + error.column : "";
    var what = error.message.replace(/^line \d+, column \d+: /, "");
    if (error.hint && what.slice(-(error.hint.length + 2)) === "; " + error.hint) {
      what = what.slice(0, -(error.hint.length + 2));
    }
    var title = errorBox.querySelector(".query-error-title");
    title.textContent = "";
    var strong = document.createElement("strong");
    strong.textContent = (error.title || "Error") + where + ":";
    title.appendChild(strong);
    title.appendChild(document.createTextNode(" " + what));
    var excerpt = errorBox.querySelector(".query-error-excerpt");
    excerpt.textContent = error.excerpt || "";
    excerpt.hidden = !error.excerpt;
    var hint = errorBox.querySelector(".query-error-hint");
    hint.textContent = error.hint ? "Hint: " + error.hint : "";
    hint.hidden = !error.hint;
    errorBox.hidden = false;
    results.hidden = true;
    if (error.line) yasqe.setCursor({ line: error.line - 1, ch: Math.max(error.column - 1, 0) });
  }

  yasqe.on("queryResponse", function (_instance, response, duration) {
    var error = endpointError(response);
    if (error) {
      showError(error);
      return;
    }
    errorBox.hidden = true;
    results.hidden = false;
    yasr.setResponse(response, duration);
  });

  function localHref(iri) {
    return iri.indexOf(config.base) === 0 ? "/" + iri.slice(config.base.length) : null;
  }

  // result IRIs under the graph's namespace open this server's page for them
  function rewriteLinks(root) {
    var anchors = root.querySelectorAll('a[href^="' + config.base + '"]');
    for (var i = 0; i < anchors.length; i++) {
      var href = localHref(anchors[i].getAttribute("href"));
      if (href) {
        anchors[i].setAttribute("href", href);
        anchors[i].classList.add("local-iri");
      }
    }
  }
  new MutationObserver(function () { rewriteLinks(results); })
    .observe(results, { childList: true, subtree: true });

  function updateDownloads() {
    var text = yasqe.getValue();
    var graph = /^(CONSTRUCT|DESCRIBE)$/i.test(yasqe.getQueryType() || "");
    var formats = graph ? [["turtle", "Turtle", "ttl"], ["jsonld", "JSON-LD", "jsonld"]]
                        : [["csv", "CSV", "csv"], ["json", "JSON", "srj"]];
    var base = "/sparql?query=" + encodeURIComponent(text);
    [["download-first", formats[0]], ["download-second", formats[1]]].forEach(function (pair) {
      var link = document.getElementById(pair[0]);
      link.textContent = pair[1][1];
      link.setAttribute("href", base + "&format=" + pair[1][0]);
      link.setAttribute("download", "results." + pair[1][2]);
    });
    document.getElementById("open-endpoint").setAttribute("href", base);
  }
  yasqe.on("change", updateDownloads);
  updateDownloads();

  function choose(name) {
    var example = examples[name];
    if (!example) return;
    yasqe.setValue(example.text);
    document.getElementById("query-title").textContent = example.title;
    document.getElementById("query-description").textContent = example.description;
    var links = document.querySelectorAll("#examples a.example");
    for (var i = 0; i < links.length; i++) {
      links[i].classList.toggle("active", links[i].getAttribute("data-example") === name);
    }
    window.history.replaceState(null, "", "?example=" + encodeURIComponent(name));
    updateDownloads();
  }
  document.getElementById("examples").addEventListener("click", function (event) {
    var link = event.target.closest("a.example");
    if (!link) return;
    event.preventDefault();
    choose(link.getAttribute("data-example"));
    document.getElementById("query-title").scrollIntoView({ behavior: "smooth", block: "start" });
  });

  window.conflictKg = { yasqe: yasqe, yasr: yasr, choose: choose };
})();
