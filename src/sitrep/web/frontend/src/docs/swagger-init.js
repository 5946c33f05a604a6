// Swagger UI over the app's own OpenAPI document, from the bundled swagger-ui-dist
// (no CDN; validatorUrl off, so nothing is sent to the Swagger validator).
window.ui = SwaggerUIBundle({
  url: 'openapi.json',
  dom_id: '#swagger-ui',
  validatorUrl: null,
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  layout: 'BaseLayout',
});
