// The OpenAPI document, kept as text so it is served as written; tests/server checks real
// responses against its schemas.
#include "searcher/server/openapi.h"

namespace kensaku::server {

std::string_view openapi_json() {
  static constexpr std::string_view kDocument = R"json({
  "openapi": "3.0.3",
  "info": {"title": "kensaku-server", "version": "3",
           "description": "Full-text search over news articles. The search response is the JSON document of kensaku-search --json (searcher/json-schema.md)."},
  "paths": {
    "/api/search": {"get": {
      "summary": "Ranked search, as kensaku-search --json",
      "parameters": [
        {"name": "q", "in": "query", "schema": {"type": "string", "maxLength": 1024}, "description": "query text (required unless like is given)"},
        {"name": "limit", "in": "query", "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 10}},
        {"name": "offset", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 10000, "default": 0}},
        {"name": "fragments", "in": "query", "schema": {"type": "integer", "minimum": 0, "maximum": 10, "default": 2}},
        {"name": "sort", "in": "query", "schema": {"type": "string", "enum": ["relevance", "date", "-date"]}},
        {"name": "since", "in": "query", "schema": {"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"}},
        {"name": "until", "in": "query", "schema": {"type": "string", "pattern": "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"}},
        {"name": "recent", "in": "query", "schema": {"type": "string"}, "description": "recency half-life: 30, 30d, 2w, 6m, 1y"},
        {"name": "like", "in": "query", "schema": {"type": "string"}, "description": "id of an article to find similar ones to"},
        {"name": "facets", "in": "query", "schema": {"type": "string"}, "description": "comma-separated: source,author,year,topic,place,tag,lang"}
      ],
      "responses": {
        "200": {"description": "the response object", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SearchResponse"}}}},
        "400": {"$ref": "#/components/responses/Error"},
        "503": {"$ref": "#/components/responses/Error"}}}},
    "/api/articles/{id}": {"get": {
      "summary": "One stored article with its full text",
      "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
      "responses": {
        "200": {"description": "the article", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Article"}}}},
        "404": {"$ref": "#/components/responses/Error"},
        "503": {"$ref": "#/components/responses/Error"}}}},
    "/api/health": {"get": {
      "summary": "Document count and last commit time",
      "responses": {
        "200": {"description": "the index is readable", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Health"}}}},
        "503": {"$ref": "#/components/responses/Error"}}}}
  },
  "components": {
    "responses": {
      "Error": {"description": "the --serve error object", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    },
    "schemas": {
      "Error": {"type": "object", "required": ["version", "id", "error"], "additionalProperties": false, "properties": {
        "version": {"type": "integer"}, "id": {"nullable": true},
        "error": {"type": "object", "required": ["message", "hint", "status"], "additionalProperties": false, "properties": {
          "message": {"type": "string"}, "hint": {"type": "string"}, "status": {"type": "integer"}}}}},
      "Health": {"type": "object", "required": ["version", "status", "articles", "last_commit"], "additionalProperties": false, "properties": {
        "version": {"type": "integer"}, "status": {"type": "string", "enum": ["ok"]}, "articles": {"type": "integer", "minimum": 0},
        "last_commit": {"type": "string", "nullable": true, "format": "date-time"}}},
      "Article": {"type": "object", "required": ["version", "id", "title", "source", "author", "date", "path", "url", "lang", "tags", "topics", "places", "text"], "additionalProperties": false, "properties": {
        "version": {"type": "integer"}, "id": {"type": "string"}, "title": {"type": "string"}, "source": {"type": "string"},
        "author": {"type": "string"}, "date": {"type": "string"}, "path": {"type": "string"}, "url": {"type": "string"},
        "lang": {"type": "string"}, "tags": {"type": "array", "items": {"type": "string"}},
        "topics": {"type": "array", "items": {"type": "string"}}, "places": {"type": "array", "items": {"type": "string"}},
        "text": {"type": "string"}}},
      "Highlight": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2},
      "Fragment": {"type": "object", "required": ["text", "highlights"], "properties": {
        "text": {"type": "string"}, "highlights": {"type": "array", "items": {"$ref": "#/components/schemas/Highlight"}}}},
      "Hit": {"type": "object", "required": ["rank", "id", "score", "title", "source", "author", "date", "path", "url", "lang", "tags", "topics", "places", "snippet", "highlights", "fragments", "matched_words", "title_derived"], "additionalProperties": false, "properties": {
        "rank": {"type": "integer", "minimum": 1}, "id": {"type": "string"}, "score": {"type": "number"},
        "title": {"type": "string"}, "source": {"type": "string"}, "author": {"type": "string"}, "date": {"type": "string"},
        "path": {"type": "string"}, "url": {"type": "string"}, "lang": {"type": "string"},
        "tags": {"type": "array", "items": {"type": "string"}}, "topics": {"type": "array", "items": {"type": "string"}},
        "places": {"type": "array", "items": {"type": "string"}}, "snippet": {"type": "string"},
        "highlights": {"type": "array", "items": {"$ref": "#/components/schemas/Highlight"}},
        "fragments": {"type": "array", "items": {"$ref": "#/components/schemas/Fragment"}},
        "matched_words": {"type": "integer", "minimum": 0}, "title_derived": {"type": "boolean"}}},
      "SearchResponse": {"type": "object", "required": ["version", "query", "total", "lenient", "query_words", "suggestion", "showing_suggestion", "notes", "facets", "hits"], "additionalProperties": false, "properties": {
        "version": {"type": "integer"}, "query": {"type": "string"}, "total": {"type": "integer", "minimum": 0},
        "total_exact": {"type": "boolean"}, "timed_out": {"type": "boolean"},
        "total_bounds": {"type": "array", "items": {"type": "integer", "minimum": 0}, "minItems": 2, "maxItems": 2},
        "lenient": {"type": "boolean"}, "query_words": {"type": "integer", "minimum": 0},
        "suggestion": {"type": "string"}, "showing_suggestion": {"type": "boolean"},
        "notes": {"type": "array", "items": {"type": "string"}},
        "facets": {"type": "object", "additionalProperties": {"type": "object", "additionalProperties": {"type": "integer"}}},
        "hits": {"type": "array", "items": {"$ref": "#/components/schemas/Hit"}}}}
    }
  }
}
)json";
  return kDocument;
}

}  // namespace kensaku::server
