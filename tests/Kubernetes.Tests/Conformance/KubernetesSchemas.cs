using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace ControlPlane.Kubernetes.Tests.Conformance;

/// <summary>
/// The vendored OpenAPI definitions of one Kubernetes version (<c>Conformance/Schemas/&lt;version&gt;/definitions.json</c>)
/// as strict JSON Schemas, the way kubeconform's standalone-strict schemas read them: an object's fields are only
/// those it declares (<c>additionalProperties: false</c> where the definition lists properties and says nothing
/// else), an <c>int-or-string</c> is a string or an integer, a <c>Quantity</c> a string or a number, and
/// <c>apiVersion</c> and <c>kind</c> must be the ones the definition is for.
/// </summary>
public sealed class KubernetesSchemas
{
    public static readonly IReadOnlyList<string> SupportedVersions = ["1.34", "1.35", "1.36"];

    private readonly Dictionary<(string ApiVersion, string Kind), string> _definitionOf = [];
    private readonly Dictionary<(string ApiVersion, string Kind), JsonSchema> _schemas = [];
    private readonly BuildOptions _build = new() { SchemaRegistry = new SchemaRegistry() };
    private readonly Uri _definitionsUri;

    private KubernetesSchemas(string version, string directory)
    {
        Version = version;
        _definitionsUri = new Uri($"https://controlplane.test/kubernetes/{version}/definitions.json");
        var document = JsonNode.Parse(File.ReadAllText(Path.Combine(directory, version, "definitions.json")))!.AsObject();
        var definitions = document["definitions"]!.AsObject();
        foreach (var (name, definition) in definitions)
        {
            foreach (var gvk in definition!["x-kubernetes-group-version-kind"]?.AsArray() ?? [])
            {
                var group = gvk!["group"]!.GetValue<string>();
                var apiVersion = group.Length == 0 ? gvk["version"]!.GetValue<string>() : $"{group}/{gvk["version"]!.GetValue<string>()}";
                _definitionOf[(apiVersion, gvk["kind"]!.GetValue<string>())] = name;
            }
        }

        var strict = new JsonObject { ["$schema"] = "https://json-schema.org/draft/2020-12/schema", ["$id"] = _definitionsUri.ToString(), ["$defs"] = Strict(definitions.DeepClone()) };
        JsonSchema.Build(JsonSerializer.SerializeToElement(strict), _build, _definitionsUri);
        foreach (var crd in Directory.EnumerateFiles(Path.Combine(directory, "crds"), "*.json"))
        {
            AddCustomResource(JsonNode.Parse(File.ReadAllText(crd))!.AsObject());
        }
    }

    /// <summary>
    /// A CRD's <c>openAPIV3Schema</c> (Schemas/crds, see the README there), read as strictly as the built-in kinds: its
    /// objects take only the fields they declare, and <c>metadata</c> is checked as the ObjectMeta the API server
    /// validates every object's metadata against.
    /// </summary>
    private void AddCustomResource(JsonObject crd)
    {
        var apiVersion = $"{crd["group"]!.GetValue<string>()}/{crd["version"]!.GetValue<string>()}";
        var kind = crd["kind"]!.GetValue<string>();
        var root = Strict(WithoutKubernetesExtensions(crd["openAPIV3Schema"]!.DeepClone())).AsObject();
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["required"] = new JsonArray("apiVersion", "kind");
        root["properties"]!["apiVersion"] = new JsonObject { ["const"] = apiVersion };
        root["properties"]!["kind"] = new JsonObject { ["const"] = kind };
        root["properties"]!["metadata"] = new JsonObject { ["$ref"] = $"{_definitionsUri}#/$defs/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta" };
        var uri = new Uri($"https://controlplane.test/kubernetes/{Version}/{apiVersion}/{kind}.json");
        _schemas[(apiVersion, kind)] = JsonSchema.Build(JsonSerializer.SerializeToElement(root), _build, uri);
    }

    public string Version { get; }

    public static KubernetesSchemas Load(string version, string? directory = null) =>
        new(version, directory ?? Path.Combine(AppContext.BaseDirectory, "Conformance", "Schemas"));

    /// <summary>What is wrong with <paramref name="o"/> under this version's schema of its kind; empty when it validates.</summary>
    public IReadOnlyList<string> Problems(JsonNode o)
    {
        var apiVersion = o["apiVersion"]?.GetValue<string>() ?? "";
        var kind = o["kind"]?.GetValue<string>() ?? "";
        if (Schema(apiVersion, kind) is not { } schema)
        {
            return [$"Kubernetes {Version} has no schema for {apiVersion} {kind}"];
        }

        var results = schema.Evaluate(JsonSerializer.SerializeToElement(o), new EvaluationOptions { OutputFormat = OutputFormat.List });
        return results.IsValid
            ? []
            : [.. (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value} (schema {d.EvaluationPath})"))];
    }

    private JsonSchema? Schema(string apiVersion, string kind)
    {
        if (_schemas.TryGetValue((apiVersion, kind), out var known))
        {
            return known;
        }

        if (!_definitionOf.TryGetValue((apiVersion, kind), out var definition))
        {
            return null;
        }

        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$ref"] = $"{_definitionsUri}#/$defs/{definition}",
            ["required"] = new JsonArray("apiVersion", "kind"),
            ["properties"] = new JsonObject { ["apiVersion"] = new JsonObject { ["const"] = apiVersion }, ["kind"] = new JsonObject { ["const"] = kind } },
        };
        var uri = new Uri($"https://controlplane.test/kubernetes/{Version}/{apiVersion}/{kind}.json");
        return _schemas[(apiVersion, kind)] = JsonSchema.Build(JsonSerializer.SerializeToElement(root), _build, uri);
    }

    /// <summary>
    /// The CRD's <c>x-kubernetes-*</c> keys are no JSON Schema (the dialect refuses unknown keywords): list types and map
    /// keys constrain merges, and the one CEL rule here (<c>self == oldSelf</c>) only updates; none checks a new object.
    /// </summary>
    private static JsonNode WithoutKubernetesExtensions(JsonNode node)
    {
        foreach (var child in node is JsonObject o ? o.Select(p => p.Value).ToList() : node is JsonArray a ? [.. a] : [])
        {
            if (child is not null)
            {
                WithoutKubernetesExtensions(child);
            }
        }

        if (node is JsonObject obj)
        {
            foreach (var key in obj.Select(p => p.Key).Where(k => k.StartsWith("x-kubernetes-", StringComparison.Ordinal)).ToList())
            {
                obj.Remove(key);
            }
        }

        return node;
    }

    private static JsonNode Strict(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o when o["format"]?.GetValue<string>() == "int-or-string":
                return OneOf("string", "integer");
            case JsonObject o when o["$ref"]?.GetValue<string>() is { } reference:
                o["$ref"] = reference.Replace("#/definitions/", "#/$defs/", StringComparison.Ordinal);
                return o;
            case JsonObject o:
                foreach (var key in o.Select(p => p.Key).ToList())
                {
                    o[key] = o[key] is { } child ? Strict(child.DeepClone()) : null;
                }

                if (o.ContainsKey("properties") && !o.ContainsKey("additionalProperties") && o["type"]?.GetValue<string>() == "object")
                {
                    o["additionalProperties"] = false;
                }

                if (o["io.k8s.apimachinery.pkg.api.resource.Quantity"] is not null)
                {
                    o["io.k8s.apimachinery.pkg.api.resource.Quantity"] = OneOf("string", "number");
                }

                return o;
            case JsonArray a:
                return new JsonArray([.. a.Select(c => c is null ? null : Strict(c.DeepClone()))]);
            default:
                return node;
        }
    }

    private static JsonObject OneOf(string first, string second) =>
        new() { ["oneOf"] = new JsonArray(new JsonObject { ["type"] = first }, new JsonObject { ["type"] = second }) };
}
