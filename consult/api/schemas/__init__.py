"""The API's response schemas (marshmallow), one module per part of the product: they write
both the JSON sent and the OpenAPI document."""
