/// The `components` of ``OpenAPIDocument``: responses, parameters, schemas and the security scheme.
///
/// Objects the agent builds are closed (`additionalProperties: false`) and list every field they always carry as
/// `required`; fields that can be `null` say so. ProtoJSON payloads (requests, responses, details, templates) are
/// open: their shape is the target's schema, known only at run time.
enum OpenAPISchemas {
  static let components = #"""
    {
      "securitySchemes": {
        "bearer": {
          "type": "http", "scheme": "bearer",
          "description": "api.token (or api.token_file; generated next to the database when neither is set). Required unless api.require_token is false; api.public_paths (default /metrics, /-/healthy) are open."
        }
      },
      "parameters": {
        "Target": {
          "in": "path", "name": "target", "required": true, "description": "A configured target's name",
          "schema": {"type": "string", "minLength": 1}, "example": "demo"
        }
      },
      "responses": {
        "PlainOK": {"description": "OK", "content": {"text/plain": {"schema": {"type": "string", "const": "OK\n"}}}},
        "Exposition": {
          "description": "Prometheus text exposition", "content": {"text/plain": {"schema": {"type": "string"}}}
        },
        "Error": {
          "description": "An error",
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        },
        "APIError": {
          "description": "An error of reflectprobe's own",
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/APIError"}}}
        },
        "Unauthorized": {
          "description": "Missing or wrong bearer token",
          "headers": {"WWW-Authenticate": {"required": true, "schema": {"type": "string", "const": "Bearer"}}},
          "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        },
        "InvokeFailure": {
          "description": "A non-OK gRPC status (source upstream) or a refusal or failure of reflectprobe's before any gRPC status (source reflectprobe)",
          "content": {
            "application/json": {
              "schema": {
                "oneOf": [{"$ref": "#/components/schemas/InvokeFailure"}, {"$ref": "#/components/schemas/APIError"}]
              }
            }
          }
        },
        "InvokeFailureOrUnauthorized": {
          "description": "UNAUTHENTICATED from the target (source upstream), or a missing or wrong bearer token",
          "content": {
            "application/json": {
              "schema": {
                "oneOf": [{"$ref": "#/components/schemas/InvokeFailure"}, {"$ref": "#/components/schemas/Error"}]
              }
            }
          }
        }
      },
      "schemas": {
        "ErrorDetail": {
          "type": "object", "additionalProperties": false, "required": ["code", "message"],
          "properties": {
            "code": {
              "type": "string",
              "description": "A stable snake_case identifier (target_not_found, invalid_body, not_found)"
            },
            "message": {"type": "string"}
          }
        },
        "Error": {
          "type": "object", "additionalProperties": false, "required": ["error"],
          "properties": {
            "error": {"$ref": "#/components/schemas/ErrorDetail"}, "source": {"enum": ["reflectprobe", "upstream"]}
          }
        },
        "APIError": {
          "type": "object", "additionalProperties": false, "required": ["error", "source"],
          "properties": {"error": {"$ref": "#/components/schemas/ErrorDetail"}, "source": {"const": "reflectprobe"}}
        },
        "Time": {
          "type": "string", "description": "RFC 3339 (2026-11-25T18:00:00Z) or Unix seconds (not negative)",
          "anyOf": [{"format": "date-time"}, {"pattern": "^[0-9]{1,11}(\\.[0-9]{1,9})?$"}],
          "example": "2026-11-25T18:00:00Z"
        },
        "Labels": {"type": "object", "additionalProperties": {"type": "string"}},
        "TargetList": {
          "type": "object", "additionalProperties": false, "required": ["targets"],
          "properties": {"targets": {"type": "array", "items": {"$ref": "#/components/schemas/Target"}}}
        },
        "Target": {
          "type": "object", "additionalProperties": false,
          "required": ["name", "address", "labels", "probes", "allowInvoke", "invokeMethods"],
          "properties": {
            "name": {"type": "string"}, "address": {"type": "string"},
            "labels": {"$ref": "#/components/schemas/Labels"},
            "probes": {"type": "array", "items": {"$ref": "#/components/schemas/Probe"}},
            "allowInvoke": {"type": "boolean"},
            "invokeMethods": {
              "type": ["array", "null"], "items": {"type": "string"},
              "description": "null: every method may be invoked (when allowInvoke)"
            }
          }
        },
        "Probe": {
          "type": "object", "additionalProperties": false,
          "required": ["name", "kind", "intervalMs", "timeoutMs", "labels", "state"],
          "properties": {
            "name": {"type": "string"}, "kind": {"enum": ["health", "discovery", "invoke"]},
            "intervalMs": {"type": "integer", "minimum": 0}, "timeoutMs": {"type": "integer", "minimum": 0},
            "labels": {"$ref": "#/components/schemas/Labels"},
            "state": {
              "description": "null before the probe's first run",
              "anyOf": [{"$ref": "#/components/schemas/ProbeState"}, {"type": "null"}]
            }
          }
        },
        "ProbeState": {
          "type": "object", "additionalProperties": false,
          "required": ["success", "latencyMs", "time", "since", "streak", "error", "code", "codeName"],
          "properties": {
            "success": {"type": "boolean"}, "latencyMs": {"type": ["number", "null"]},
            "time": {"type": "string", "format": "date-time", "description": "The last run"},
            "since": {
              "type": "string", "format": "date-time", "description": "Start of the current passing or failing run"
            },
            "streak": {"type": "integer", "minimum": 1}, "error": {"type": ["string", "null"]},
            "code": {"type": ["integer", "null"], "description": "The gRPC status code, when one was reached"},
            "codeName": {"type": ["string", "null"]}
          }
        },
        "ServiceList": {
          "type": "object", "additionalProperties": false, "required": ["target", "services"],
          "properties": {"target": {"type": "string"}, "services": {"type": "array", "items": {"type": "string"}}}
        },
        "Service": {
          "type": "object", "additionalProperties": false, "required": ["target", "name", "file", "methods", "proto"],
          "properties": {
            "target": {"type": "string"}, "name": {"type": "string"}, "file": {"type": "string"},
            "methods": {"type": "array", "items": {"$ref": "#/components/schemas/Method"}}, "proto": {"type": "string"}
          }
        },
        "StreamingKind": {"enum": ["unary", "server_streaming", "client_streaming", "bidi_streaming"]},
        "Method": {
          "type": "object", "additionalProperties": false,
          "required": [
            "name", "fullName", "path", "inputType", "outputType", "clientStreaming", "serverStreaming", "streamingKind"
          ],
          "properties": {
            "name": {"type": "string"}, "fullName": {"type": "string"}, "path": {"type": "string"},
            "inputType": {"type": "string"}, "outputType": {"type": "string"}, "clientStreaming": {"type": "boolean"},
            "serverStreaming": {"type": "boolean"}, "streamingKind": {"$ref": "#/components/schemas/StreamingKind"}
          }
        },
        "TypeDescription": {
          "oneOf": [{"$ref": "#/components/schemas/MessageType"}, {"$ref": "#/components/schemas/EnumType"}]
        },
        "MessageType": {
          "type": "object", "additionalProperties": false,
          "required": ["target", "kind", "name", "file", "proto", "fields", "template"],
          "properties": {
            "target": {"type": "string"}, "kind": {"const": "message"}, "name": {"type": "string"},
            "file": {"type": "string"}, "proto": {"type": "string"},
            "fields": {"type": "array", "items": {"$ref": "#/components/schemas/Field"}},
            "template": {"description": "A request with every field filled with a placeholder (ProtoJSON)"}
          }
        },
        "Field": {
          "type": "object", "additionalProperties": false,
          "required": ["name", "jsonName", "number", "type", "label", "hasPresence"],
          "properties": {
            "name": {"type": "string"}, "jsonName": {"type": "string"}, "number": {"type": "integer", "minimum": 1},
            "type": {"type": "string"}, "label": {"enum": ["optional", "required", "repeated", "map"]},
            "hasPresence": {"type": "boolean"}, "typeName": {"type": "string"}, "mapKey": {"type": "string"},
            "mapValue": {"type": "string"}, "oneof": {"type": "string"}
          }
        },
        "EnumType": {
          "type": "object", "additionalProperties": false,
          "required": ["target", "kind", "name", "file", "proto", "values"],
          "properties": {
            "target": {"type": "string"}, "kind": {"const": "enum"}, "name": {"type": "string"},
            "file": {"type": "string"}, "proto": {"type": "string"},
            "values": {
              "type": "array",
              "items": {
                "type": "object", "additionalProperties": false, "required": ["name", "number"],
                "properties": {"name": {"type": "string"}, "number": {"type": "integer"}}
              }
            }
          }
        },
        "InvokeRequest": {
          "type": "object", "additionalProperties": false, "required": ["method"],
          "description": "'service' and 'method', or 'method' alone as pkg.Service/Method; 'request' or 'requests', not both (neither: {} is sent).",
          "properties": {
            "service": {"type": "string", "minLength": 1, "example": "api.users.UserService"},
            "method": {"type": "string", "minLength": 1, "example": "GetUser"},
            "request": {"type": "object", "description": "One request message (ProtoJSON: proto or JSON field names)"},
            "requests": {
              "type": "array", "items": {"type": "object"},
              "description": "Requests of a client- or bidi-streaming call"
            },
            "metadata": {
              "type": "object",
              "description": "Request headers; an entry replaces the target's configured one of the same name. -bin names take base64 values; grpc-* and HTTP/2 connection headers are reserved.",
              "propertyNames": {
                "pattern": "^[0-9A-Za-z_.-]+$",
                "not": {
                  "anyOf": [
                    {"pattern": "^[Gg][Rr][Pp][Cc]-"}, {"pattern": "^[Tt][Ee]$"},
                    {"pattern": "^[Cc][Oo][Nn][Tt][Ee][Nn][Tt]-[Tt][Yy][Pp][Ee]$"},
                    {"pattern": "^[Cc][Oo][Nn][Nn][Ee][Cc][Tt][Ii][Oo][Nn]$"}, {"pattern": "^[Hh][Oo][Ss][Tt]$"},
                    {"pattern": "^[Tt][Rr][Aa][Nn][Ss][Ff][Ee][Rr]-[Ee][Nn][Cc][Oo][Dd][Ii][Nn][Gg]$"},
                    {"pattern": "^[Uu][Pp][Gg][Rr][Aa][Dd][Ee]$"},
                    {"pattern": "^[Kk][Ee][Ee][Pp]-[Aa][Ll][Ii][Vv][Ee]$"},
                    {"pattern": "^[Pp][Rr][Oo][Xx][Yy]-[Cc][Oo][Nn][Nn][Ee][Cc][Tt][Ii][Oo][Nn]$"}
                  ]
                }
              },
              "additionalProperties": {
                "oneOf": [
                  {"$ref": "#/components/schemas/MetadataValue"},
                  {"type": "array", "items": {"$ref": "#/components/schemas/MetadataValue"}}
                ]
              }
            },
            "timeoutMs": {
              "type": "number", "exclusiveMinimum": 0,
              "description": "Default 10 000; larger than 60 000 is lowered to 60 000"
            },
            "maxResponses": {
              "type": "integer", "minimum": 1,
              "description": "Responses kept of a server-streaming call: default 100; larger than 10 000 is lowered to 10 000"
            }
          },
          "if": {"not": {"required": ["service"]}}, "then": {"properties": {"method": {"pattern": "^[^/]+/[^/]+$"}}},
          "not": {"required": ["request", "requests"]}
        },
        "MetadataValue": {"type": "string", "pattern": "^[\\x20-\\x7E]*$", "description": "Printable ASCII"},
        "InvokeResponse": {
          "type": "object", "additionalProperties": false,
          "required": [
            "method", "streamingKind", "code", "codeName", "message", "details", "headers", "trailers", "latencyMs"
          ],
          "properties": {
            "method": {"type": "string"}, "streamingKind": {"$ref": "#/components/schemas/StreamingKind"},
            "code": {"type": "integer", "minimum": 0}, "codeName": {"type": "string"}, "message": {"type": "string"},
            "details": {
              "type": "array", "items": {"type": "object"}, "description": "google.rpc.Status details (ProtoJSON Any)"
            },
            "headers": {"$ref": "#/components/schemas/Labels"}, "trailers": {"$ref": "#/components/schemas/Labels"},
            "latencyMs": {"type": "number", "minimum": 0},
            "response": {
              "description": "Unary and client-streaming methods: the response (ProtoJSON), null when none arrived"
            },
            "responses": {
              "type": "array", "description": "Server- and bidi-streaming methods: at most maxResponses responses"
            },
            "responseCount": {"type": "integer", "minimum": 0}, "truncated": {"type": "boolean"},
            "source": {"const": "upstream"}, "error": {"$ref": "#/components/schemas/ErrorDetail"}
          },
          "oneOf": [{"required": ["response"]}, {"required": ["responses", "responseCount", "truncated"]}]
        },
        "InvokeOK": {
          "allOf": [
            {"$ref": "#/components/schemas/InvokeResponse"},
            {
              "properties": {"code": {"const": 0}, "codeName": {"const": "OK"}},
              "not": {"anyOf": [{"required": ["source"]}, {"required": ["error"]}]}
            }
          ]
        },
        "InvokeFailure": {
          "allOf": [
            {"$ref": "#/components/schemas/InvokeResponse"},
            {"required": ["source", "error"], "properties": {"code": {"minimum": 1}}}
          ]
        },
        "History": {
          "type": "object", "additionalProperties": false,
          "required": ["target", "probe", "from", "to", "resolution", "points"],
          "properties": {
            "target": {"type": "string"}, "probe": {"type": "string"},
            "from": {"type": "string", "format": "date-time"}, "to": {"type": "string", "format": "date-time"},
            "resolution": {"enum": ["raw", "minute", "hour"]},
            "points": {"type": "array", "items": {"$ref": "#/components/schemas/HistoryPoint"}}
          }
        },
        "HistoryPoint": {
          "type": "object", "additionalProperties": false,
          "required": ["time", "count", "successes", "successRate", "latencyAvgMs", "latencyMinMs", "latencyMaxMs"],
          "properties": {
            "time": {"type": "string", "format": "date-time"}, "count": {"type": "integer", "minimum": 0},
            "successes": {"type": "integer", "minimum": 0},
            "successRate": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
            "latencyAvgMs": {"type": ["number", "null"]}, "latencyMinMs": {"type": ["number", "null"]},
            "latencyMaxMs": {"type": ["number", "null"]}
          }
        },
        "SchemaChanges": {
          "type": "object", "additionalProperties": false, "required": ["changes"],
          "properties": {
            "changes": {
              "type": "array",
              "items": {
                "type": "object", "additionalProperties": false, "required": ["target", "time", "kind", "detail"],
                "properties": {
                  "target": {"type": "string"}, "time": {"type": "string", "format": "date-time"},
                  "kind": {"enum": ["breaking", "additive"]}, "detail": {"type": "string"}
                }
              }
            }
          }
        }
      }
    }
    """#
}
