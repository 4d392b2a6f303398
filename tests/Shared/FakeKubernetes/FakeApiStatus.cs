using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace ControlPlane.Testing;

/// <summary>
/// Answers as the API server writes them: JSON objects, and for failures a <c>Status</c> with reason, message, code
/// and details (https://kubernetes.io/docs/reference/using-api/api-concepts/#response-status-kind).
/// </summary>
public sealed partial class FakeKubernetesApiServer
{
    private static Task Json(HttpContext context, int status, JsonNode node)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(node.ToJsonString());
    }

    private Task StatusAsync(HttpContext context, int code, string reason, string message, JsonObject? details = null)
    {
        Refusals.Enqueue(new RecordedRefusal(context.Request.Method, context.Request.Path, code, reason, message));
        return Json(context, code, StatusObject(code, reason, message, details));
    }

    private static JsonObject StatusObject(int code, string reason, string message, JsonObject? details = null) => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["reason"] = reason,
        ["message"] = message,
        ["details"] = details,
        ["code"] = code,
    };

    private Task NotFound(HttpContext context, string path) =>
        StatusAsync(context, 404, "NotFound", $"{QualifiedResource(path)} \"{NameOf(path)}\" not found", Details(path));

    /// <summary>The resource as the server names it in messages: <c>pods</c>, <c>resourceclaims.resource.k8s.io</c>.</summary>
    private static string QualifiedResource(string path)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var resource = Resources.Contains(segments[^1]) ? segments[^1] : segments[^2];
        return segments[0] == "apis" ? $"{resource}.{segments[1]}" : resource;
    }

    private static string NameOf(string path) => path[(path.LastIndexOf('/') + 1)..];

    private static JsonObject Details(string path, JsonArray? causes = null)
    {
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return new JsonObject
        {
            ["name"] = NameOf(path),
            ["group"] = segments[0] == "apis" ? segments[1] : "",
            ["kind"] = segments[^2],
            ["causes"] = causes,
        };
    }
}
