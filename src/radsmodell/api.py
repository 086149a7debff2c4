"""The JSON API (OpenAPI at /api/docs). Each app contributes a router."""
from ninja import NinjaAPI

api = NinjaAPI(title="Rådsmodell API", version="1", urls_namespace="api")
