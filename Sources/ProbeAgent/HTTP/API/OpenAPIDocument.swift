/// The OpenAPI 3.1 document of the agent's HTTP API (`GET /api/v1/openapi.json`), kept next to the routes it
/// describes: change both together (``AgentRoutes`` lists every route; a test checks the two agree, and
/// `OpenAPIConformanceTests` runs schemathesis against the real agent with this document).
///
/// Paths are here, shared schemas in ``OpenAPISchemas``. Every route needs the bearer token (`security` at the
/// top) except `/metrics` and `/-/healthy`, the default `api.public_paths`. Examples name the `demo` target of
/// `etc/reflectprobe.yaml`.
enum OpenAPIDocument {
  static let json = #"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "reflectprobe agent API", "version": "1",
        "description": "Prometheus metrics, blackbox-style probes, lifecycle, and the REST API (/api/v1) of configured gRPC targets. Errors are {\"error\": {\"code\", \"message\"}} (REST errors also carry \"source\")."
      },
      "security": [{"bearer": []}],
      "paths": {
        "/-/healthy": {
          "get": {
            "summary": "Liveness: the process answers", "operationId": "healthy", "security": [],
            "responses": {"200": {"$ref": "#/components/responses/PlainOK"}}
          }
        },
        "/-/ready": {
          "get": {
            "summary": "Readiness: configuration loaded, store open, probes scheduled", "operationId": "ready",
            "responses": {
              "200": {"$ref": "#/components/responses/PlainOK"}, "401": {"$ref": "#/components/responses/Unauthorized"},
              "503": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/-/reload": {
          "post": {
            "summary": "Reload the configuration (like SIGHUP)", "operationId": "reload",
            "responses": {
              "200": {"$ref": "#/components/responses/PlainOK"}, "401": {"$ref": "#/components/responses/Unauthorized"},
              "500": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/metrics": {
          "get": {
            "summary": "Prometheus metrics (text format 0.0.4)", "operationId": "metrics", "security": [],
            "responses": {"200": {"$ref": "#/components/responses/Exposition"}}
          }
        },
        "/probe": {
          "get": {
            "summary": "Run one probe of a configured target now (blackbox_exporter style)", "operationId": "probe",
            "parameters": [
              {
                "in": "query", "name": "target", "required": true,
                "description": "A target's name or configured address", "schema": {"type": "string", "minLength": 1},
                "example": "demo"
              },
              {
                "in": "query", "name": "module", "required": true,
                "description": "A module name, or the name of one of the target's probes",
                "schema": {"type": "string", "minLength": 1}, "example": "server_health"
              },
              {
                "in": "header", "name": "X-Prometheus-Scrape-Timeout-Seconds", "required": false,
                "description": "Lowers the probe's deadline (less 0.5 s)",
                "schema": {"type": "number", "exclusiveMinimum": 0}
              }
            ],
            "responses": {
              "200": {"$ref": "#/components/responses/Exposition"}, "400": {"$ref": "#/components/responses/Error"},
              "401": {"$ref": "#/components/responses/Unauthorized"}, "404": {"$ref": "#/components/responses/Error"},
              "503": {"$ref": "#/components/responses/Error"}
            }
          }
        },
        "/api/v1/openapi.json": {
          "get": {
            "summary": "This document", "operationId": "openapi",
            "responses": {
              "200": {
                "description": "The OpenAPI document",
                "content": {"application/json": {"schema": {"type": "object", "required": ["openapi", "paths"]}}}
              },
              "401": {"$ref": "#/components/responses/Unauthorized"}
            }
          }
        },
        "/api/v1/targets": {
          "get": {
            "summary": "Configured targets with each probe's last state", "operationId": "listTargets",
            "responses": {
              "200": {
                "description": "The targets",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TargetList"}}},
                "links": {
                  "services": {
                    "operationId": "listServices", "parameters": {"target": "$response.body#/targets/0/name"}
                  },
                  "history": {
                    "operationId": "history",
                    "parameters": {
                      "target": "$response.body#/targets/0/name", "probe": "$response.body#/targets/0/probes/0/name"
                    }
                  }
                }
              },
              "401": {"$ref": "#/components/responses/Unauthorized"}
            }
          }
        },
        "/api/v1/targets/{target}/services": {
          "get": {
            "summary": "Services of a target (reflection or protosets)", "operationId": "listServices",
            "parameters": [{"$ref": "#/components/parameters/Target"}],
            "responses": {
              "200": {
                "description": "The service names",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ServiceList"}}},
                "links": {
                  "service": {
                    "operationId": "describeService",
                    "parameters": {"target": "$response.body#/target", "service": "$response.body#/services/0"}
                  }
                }
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/APIError"}, "501": {"$ref": "#/components/responses/APIError"},
              "502": {"$ref": "#/components/responses/APIError"}, "503": {"$ref": "#/components/responses/APIError"}
            }
          }
        },
        "/api/v1/targets/{target}/services/{service}": {
          "get": {
            "summary": "A service's methods and .proto text", "operationId": "describeService",
            "parameters": [
              {"$ref": "#/components/parameters/Target"},
              {
                "in": "path", "name": "service", "required": true, "description": "A fully-qualified service name",
                "schema": {"type": "string", "minLength": 1}, "example": "api.users.UserService"
              }
            ],
            "responses": {
              "200": {
                "description": "The service",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Service"}}},
                "links": {
                  "inputType": {
                    "operationId": "describeType",
                    "parameters": {"target": "$response.body#/target", "type": "$response.body#/methods/0/inputType"}
                  },
                  "invoke": {
                    "operationId": "invoke", "parameters": {"target": "$response.body#/target"},
                    "requestBody": {
                      "service": "$response.body#/name", "method": "$response.body#/methods/0/name", "timeoutMs": 2000
                    }
                  }
                }
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/APIError"}, "501": {"$ref": "#/components/responses/APIError"},
              "502": {"$ref": "#/components/responses/APIError"}, "503": {"$ref": "#/components/responses/APIError"}
            }
          }
        },
        "/api/v1/targets/{target}/types/{type}": {
          "get": {
            "summary": "A message or enum: .proto text, fields or values, request template",
            "operationId": "describeType",
            "parameters": [
              {"$ref": "#/components/parameters/Target"},
              {
                "in": "path", "name": "type", "required": true, "description": "A fully-qualified message or enum name",
                "schema": {"type": "string", "minLength": 1}, "example": "api.users.User"
              }
            ],
            "responses": {
              "200": {
                "description": "The type",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TypeDescription"}}}
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/APIError"}, "501": {"$ref": "#/components/responses/APIError"},
              "502": {"$ref": "#/components/responses/APIError"}, "503": {"$ref": "#/components/responses/APIError"}
            }
          }
        },
        "/api/v1/targets/{target}/invoke": {
          "post": {
            "summary": "Invoke a method of a configured target with JSON requests", "operationId": "invoke",
            "description": "The HTTP status follows grpc-gateway's mapping of the gRPC code. Answers with a gRPC status are InvokeResponse (\"source\": \"upstream\" unless OK); failures before any gRPC status are reflectprobe's own errors (\"source\": \"reflectprobe\").",
            "parameters": [{"$ref": "#/components/parameters/Target"}],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {"$ref": "#/components/schemas/InvokeRequest"},
                  "examples": {
                    "getUser": {
                      "value": {"service": "api.users.UserService", "method": "GetUser", "request": {"user_id": 1}}
                    },
                    "listUsers": {
                      "value": {
                        "method": "api.users.UserService/ListUsers", "request": {}, "maxResponses": 2, "timeoutMs": 2000
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The call ended OK",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/InvokeOK"}}}
              },
              "400": {"$ref": "#/components/responses/InvokeFailure"},
              "401": {"$ref": "#/components/responses/InvokeFailureOrUnauthorized"},
              "403": {"$ref": "#/components/responses/InvokeFailure"},
              "404": {"$ref": "#/components/responses/InvokeFailure"},
              "409": {"$ref": "#/components/responses/InvokeFailure"},
              "413": {"$ref": "#/components/responses/InvokeFailure"},
              "429": {"$ref": "#/components/responses/InvokeFailure"},
              "499": {"$ref": "#/components/responses/InvokeFailure"},
              "500": {"$ref": "#/components/responses/InvokeFailure"},
              "501": {"$ref": "#/components/responses/InvokeFailure"},
              "502": {"$ref": "#/components/responses/InvokeFailure"},
              "503": {"$ref": "#/components/responses/InvokeFailure"},
              "504": {"$ref": "#/components/responses/InvokeFailure"}
            }
          }
        },
        "/api/v1/history": {
          "get": {
            "summary": "A probe's history from the store", "operationId": "history",
            "parameters": [
              {
                "in": "query", "name": "target", "required": true, "schema": {"type": "string", "minLength": 1},
                "example": "demo"
              },
              {
                "in": "query", "name": "probe", "required": true, "schema": {"type": "string", "minLength": 1},
                "example": "server-health"
              },
              {
                "in": "query", "name": "from", "required": false,
                "description": "Default: one hour before 'to'; must be before 'to'",
                "schema": {"$ref": "#/components/schemas/Time"}
              },
              {
                "in": "query", "name": "to", "required": false, "description": "Default: now",
                "schema": {"$ref": "#/components/schemas/Time"}
              },
              {
                "in": "query", "name": "step", "required": false,
                "description": "A positive Prometheus duration (1m, 1h30m); absent, the store picks the resolution by the range",
                "schema": {
                  "type": "string",
                  "pattern": "^(?=.*[1-9])(?:[0-9]+y)?(?:[0-9]+w)?(?:[0-9]+d)?(?:[0-9]+h)?(?:[0-9]+m)?(?:[0-9]+s)?(?:[0-9]+ms)?$",
                  "minLength": 2
                },
                "example": "1m"
              }
            ],
            "responses": {
              "200": {
                "description": "The points",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/History"}}}
              },
              "400": {"$ref": "#/components/responses/APIError"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/APIError"}, "503": {"$ref": "#/components/responses/APIError"}
            }
          }
        },
        "/api/v1/schema-changes": {
          "get": {
            "summary": "Schema drift events detected by discovery probes, newest first", "operationId": "schemaChanges",
            "parameters": [
              {
                "in": "query", "name": "target", "required": false, "schema": {"type": "string", "minLength": 1},
                "example": "demo"
              },
              {
                "in": "query", "name": "since", "required": false, "description": "Default: 30 days ago",
                "schema": {"$ref": "#/components/schemas/Time"}
              },
              {
                "in": "query", "name": "limit", "required": false,
                "description": "Default 100, at most 10 000 (larger values are lowered)",
                "schema": {"type": "integer", "minimum": 1}
              }
            ],
            "responses": {
              "200": {
                "description": "The events",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SchemaChanges"}}}
              },
              "400": {"$ref": "#/components/responses/APIError"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/APIError"}, "503": {"$ref": "#/components/responses/APIError"}
            }
          }
        }
      },
      "components": \#(OpenAPISchemas.components)
    }
    """#
}
