using System.Globalization;
using System.Text.Json.Nodes;

namespace ControlPlane.Testing;

/// <summary>
/// The fields of an object as server-side apply tracks their owners
/// (https://kubernetes.io/docs/reference/using-api/server-side-apply/#field-management): every leaf of the object
/// except what the server itself owns (identity, versions, status, finalizers). A list whose items all have a
/// <c>name</c> is keyed by it as the real server keys containers (<c>.spec.containers[name="engine"].image</c>);
/// any other list is one atomic field.
/// </summary>
internal static class AppliedFields
{
    private static readonly string[] ServerOwnedMetadata =
        ["name", "namespace", "uid", "resourceVersion", "generation", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "managedFields", "finalizers"];

    private static readonly string[] NotFields = ["apiVersion", "kind", "status"];

    /// <summary>Every field of <paramref name="o"/> by its path as the API server prints it (<c>.spec.replicas</c>).</summary>
    public static Dictionary<string, Leaf> Of(JsonObject o)
    {
        var leaves = new Dictionary<string, Leaf>(StringComparer.Ordinal);
        foreach (var (key, value) in o)
        {
            if (NotFields.Contains(key))
            {
                continue;
            }

            if (key == "metadata" && value is JsonObject metadata)
            {
                foreach (var (field, v) in metadata.Where(m => !ServerOwnedMetadata.Contains(m.Key)))
                {
                    Walk(v, ["metadata", field], leaves);
                }
            }
            else
            {
                Walk(value, [key], leaves);
            }
        }

        return leaves;
    }

    /// <summary>Sets the field at <paramref name="segments"/> in <paramref name="root"/>, creating the objects and keyed list items on the way.</summary>
    public static void Set(JsonObject root, string[] segments, JsonNode? value)
    {
        JsonNode current = root;
        for (var i = 0; i < segments.Length; i++)
        {
            var last = i == segments.Length - 1;
            var nextIsKey = !last && IsKey(segments[i + 1]);
            if (IsKey(segments[i]))
            {
                var list = current.AsArray();
                var name = KeyName(segments[i]);
                var item = list.FirstOrDefault(x => x?["name"]?.GetValue<string>() == name);
                if (item is null)
                {
                    item = new JsonObject { ["name"] = name };
                    list.Add(item);
                }

                current = item;
                continue;
            }

            var o = current.AsObject();
            if (last)
            {
                o[segments[i]] = value;
                return;
            }

            if (o[segments[i]] is not { } child)
            {
                child = nextIsKey ? new JsonArray() : new JsonObject();
                o[segments[i]] = child;
            }

            current = child;
        }
    }

    /// <summary>The <c>fieldsV1</c> of a managedFields entry: <c>{"f:spec":{"f:containers":{"k:{\"name\":\"engine\"}":{"f:image":{}}}}}</c>.</summary>
    public static JsonObject FieldsV1(IEnumerable<string[]> fields)
    {
        var root = new JsonObject();
        foreach (var segments in fields)
        {
            var at = root;
            foreach (var s in segments)
            {
                var key = IsKey(s) ? $"k:{{\"name\":\"{KeyName(s)}\"}}" : $"f:{s}";
                if (at[key] is not JsonObject next)
                {
                    next = new JsonObject();
                    at[key] = next;
                }

                at = next;
            }
        }

        return root;
    }

    public static string Print(string[] segments) => string.Concat(segments.Select(s => IsKey(s) ? s : "." + s));

    private static void Walk(JsonNode? node, string[] at, Dictionary<string, Leaf> leaves)
    {
        switch (node)
        {
            case JsonObject o when o.Count > 0:
                foreach (var (key, value) in o)
                {
                    Walk(value, [.. at, key], leaves);
                }

                break;
            case JsonArray list when list.Count > 0 && list.All(x => x is JsonObject item && item["name"] is JsonValue name && name.TryGetValue<string>(out _)):
                foreach (var item in list)
                {
                    Walk(item, [.. at, string.Create(CultureInfo.InvariantCulture, $"[name=\"{item!["name"]!.GetValue<string>()}\"]")], leaves);
                }

                break;
            default:
                leaves[Print(at)] = new Leaf(at, node);
                break;
        }
    }

    private static bool IsKey(string segment) => segment.StartsWith("[name=\"", StringComparison.Ordinal);

    private static string KeyName(string segment) => segment["[name=\"".Length..^"\"]".Length];

    public sealed record Leaf(string[] Segments, JsonNode? Value);
}
