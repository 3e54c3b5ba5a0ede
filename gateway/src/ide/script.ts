/** The IDE's start-up script (no inline script: the page's CSP allows scripts from the hub only). */
export const IDE_SCRIPT = String.raw`"use strict";
(function () {
  var KEY = "hub-ide-token";
  var input = document.getElementById("token");
  var params = new URLSearchParams(location.search);
  var currentQuery = params.get("query") || "# Paste a token above (npm run -s token -- …), then run:\n{\n  me { sub role org purpose }\n}\n";
  var base = GraphiQL.createFetcher({ url: location.origin + "/graphql" });
  var root = ReactDOM.createRoot(document.getElementById("graphiql"));
  input.value = sessionStorage.getItem(KEY) || "";

  function fetcherFor(token) {
    return function (graphQLParams, opts) {
      var headers = Object.assign({}, token ? { Authorization: "Bearer " + token } : {}, opts && opts.headers);
      return base(graphQLParams, Object.assign({}, opts, { headers: headers }));
    };
  }

  function render() {
    var token = input.value.trim();
    sessionStorage.setItem(KEY, token);
    root.render(React.createElement(GraphiQL, {
      key: token || "no-token",
      fetcher: fetcherFor(token),
      defaultQuery: currentQuery,
      query: currentQuery,
      onEditQuery: function (q) { currentQuery = q; },
      defaultEditorToolbarTabs: "variables",
      shouldPersistHeaders: false,
    }));
  }

  document.getElementById("use-token").addEventListener("click", render);
  input.addEventListener("keydown", function (e) { if (e.key === "Enter") render(); });
  render();
})();
`;
