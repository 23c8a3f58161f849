"""The API's OpenAPI schema describes its error answers as well as its data.

drf-spectacular documents only the 200 of each operation. The API also answers
404 (no such row, no such page, an address that cannot name a row), 429 (the
anonymous rate limit) and, on lists, 400 (a filter value that is not valid);
a client, and the Schemathesis test that holds the API to its schema
(``core/tests/hostile/test_api_schema.py``), must find them documented.
"""

from __future__ import annotations

from drf_spectacular import openapi
from drf_spectacular.plumbing import build_array_type, build_basic_type, build_object_type
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse

_TEXT = build_basic_type(OpenApiTypes.STR)

ERROR = OpenApiResponse(
    response=build_object_type(properties={"detail": _TEXT}, required=["detail"]),
    description="An error, explained in the request's language.",
)
INVALID_FILTERS = OpenApiResponse(
    response=build_object_type(additionalProperties=build_array_type(_TEXT)),
    description="Filter values that are not valid: the messages under each filter's name.",
)


class AutoSchema(openapi.AutoSchema):
    def get_response_serializers(self):
        responses = {200: super().get_response_serializers(), 404: ERROR, 429: ERROR}
        if getattr(self.view, "action", None) == "list":
            responses[400] = INVALID_FILTERS
        return responses
