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
  yasqe.on("queryResponse", function (_instance, response, duration) {
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
  var results = document.getElementById("results");
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
