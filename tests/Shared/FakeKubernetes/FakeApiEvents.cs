using System.Globalization;
using System.Text.Json.Nodes;

namespace ControlPlane.Testing;

/// <summary>
/// Core/v1 Events about pods, as the scheduler and kubelet record them (the kubelet helper records its own), listed with
/// field selectors as <c>kubectl describe pod</c> asks: <c>involvedObject.kind=Pod,involvedObject.name=…</c>
/// (Kubernetes docs, "Field Selectors": events support <c>involvedObject.*</c>, <c>reason</c>, <c>type</c>…).
/// </summary>
public sealed partial class FakeKubernetesApiServer
{
    private long events;

    /// <summary>Records an event about <paramref name="pod"/> as <paramref name="component"/> would (e.g. <c>default-scheduler</c>, <c>kubelet</c>).</summary>
    public void RecordPodEvent(string ns, string pod, string type, string reason, string message, string component = "kubelet")
    {
        var at = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        var name = string.Create(CultureInfo.InvariantCulture, $"{pod}.{Interlocked.Increment(ref events):x12}");
        var path = $"/api/v1/namespaces/{ns}/events/{name}";
        var o = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["involvedObject"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Pod", ["name"] = pod, ["namespace"] = ns },
            ["type"] = type,
            ["reason"] = reason,
            ["message"] = message,
            ["count"] = 1,
            ["firstTimestamp"] = at,
            ["lastTimestamp"] = at,
            ["source"] = new JsonObject { ["component"] = component },
        };
        lock (gate)
        {
            objects[path] = o;
            Record("ADDED", path, o);
        }
    }

    /// <summary>Every <c>a.b=value</c> term of a field selector holds (the only operator the product sends).</summary>
    private static bool MatchesFields(JsonObject o, string selector) =>
        string.IsNullOrEmpty(selector) || selector.Split(',').All(term =>
        {
            var (field, value) = (term.Split('=')[0], term.Split('=')[1]);
            JsonNode? node = o;
            foreach (var part in field.Split('.'))
            {
                node = node?[part];
            }

            return node?.GetValue<string>() == value;
        });
}
