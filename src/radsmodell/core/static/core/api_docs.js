// Swagger UI for /api/docs, started from a static file (the Content-Security-Policy allows no inline script).
// A signed-in user's writes carry the session's CSRF token; a key is entered under "Authorize".
(function () {
  const root = document.getElementById("swagger-ui");
  const csrf = root.dataset.csrfToken;
  window.SwaggerUIBundle({
    url: root.dataset.openapiUrl,
    domNode: root,
    deepLinking: true,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    requestInterceptor: (request) => {
      if (csrf && !request.headers.Authorization) {
        request.headers["X-CSRFToken"] = csrf;
      }
      return request;
    },
  });
})();
