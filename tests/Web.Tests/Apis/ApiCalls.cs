using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ControlPlane.Testing;
using ControlPlane.Web.Apis;
using ControlPlane.Wire.Nodes;
using ControlPlane.Wire.Probes;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>The HTTP calls the API tests make, spelled as an agent or operator would make them.</summary>
public static class ApiCalls
{
    public static async Task<string> IssueTokenAsync(this RunningControlPlane plane, string node)
    {
        using var admin = plane.Client();
        using var response = await admin.PostAsync(new Uri($"/api/v1/nodes/{node}/token", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<IssuedToken>(ApiJson.Options))!.Token;
    }

    public static Task<HttpResponseMessage> PutProbeAsync(this RunningControlPlane plane, string node, ProbeReport report, string? bearer) =>
        plane.PutRawAsync(node, JsonSerializer.Serialize(report, ApiJson.Options), bearer);

    public static async Task<HttpResponseMessage> PutRawAsync(this RunningControlPlane plane, string node, string json, string? bearer)
    {
        using var client = plane.Client(bearer);
        return await client.PutAsync(new Uri($"/api/v1/nodes/{node}/probe", UriKind.Relative), new StringContent(json, Encoding.UTF8, "application/json"));
    }

    public static async Task<NodeView?> GetNodeAsync(this RunningControlPlane plane, string node)
    {
        using var client = plane.Client();
        using var response = await client.GetAsync(new Uri($"/api/v1/nodes/{node}", UriKind.Relative));
        return response.StatusCode == System.Net.HttpStatusCode.NotFound ? null : await response.Content.ReadFromJsonAsync<NodeView>(ApiJson.Options);
    }

    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public static async Task<HttpResponseMessage> PostJsonAsync(this RunningControlPlane plane, string path, object body, string? bearer)
    {
        using var client = plane.Client(bearer);
        return await client.PostAsJsonAsync(new Uri(path, UriKind.Relative), body, ApiJson.Options);
    }
}
