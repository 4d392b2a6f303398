using System.Net;
using System.Text.Json;
using ControlPlane.Simulation;
using ControlPlane.Testing;

namespace ControlPlane.Web.Tests.Apis;

/// <summary>Specs rendering could not turn into objects are refused before anything is reserved: 400 naming the field, every GPU still free.</summary>
public sealed class DeploymentPreflightTests(ApiFixture fixture) : IClassFixture<ApiFixture>
{
    private RunningControlPlane Plane => fixture.Plane;

    [Theory]
    [InlineData("72b-qwen")] // valid as a node name, not as a Service name prefix
    [InlineData("qwen-pd-a-name-longer-than-the-forty-characters-left")]
    public async Task A_name_that_cannot_prefix_the_objects_is_400_naming_name_and_reserves_nothing(string name)
    {
        var nodes = await Plane.ReportNodesAsync($"pre-name-{name.Length}", NodeTemplates.H20, 1);

        using var put = await Plane.PutDeploymentAsync(name, DeploymentCalls.Spec($"pre-name-{name.Length}"));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty("name", out _));
        Assert.All(await Plane.GpusAsync(nodes), g => Assert.Null(g.AllocatedTo));
    }

    [Theory]
    [InlineData("sglang")]
    [InlineData("vllm")]
    public async Task A_KV_backend_the_engine_cannot_be_rendered_with_is_400_naming_transferBackend_and_reserves_nothing(string engine)
    {
        var pool = $"pre-nccl-{engine}";
        var nodes = await Plane.ReportNodesAsync(pool, NodeTemplates.H20, 1);
        var spec = JsonSerializer.SerializeToNode(DeploymentCalls.Spec(pool))!;
        spec["engine"] = engine;
        spec["transferBackend"] = "nccl";

        using var put = await Plane.PutDeploymentAsync($"nccl-{engine}", spec);
        using var get = await Plane.Client(ApiFixture.ViewerKey).GetAsync(new Uri($"/api/v1/deployments/nccl-{engine}", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        using var problem = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
        Assert.Contains("'nccl'", problem.RootElement.GetProperty("errors").GetProperty("transferBackend")[0].GetString(), StringComparison.Ordinal);
        Assert.All(await Plane.GpusAsync(nodes), g => Assert.Null(g.AllocatedTo));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Theory]
    [InlineData("vllm/vllm-openai:v0.11.0", HttpStatusCode.BadRequest)]
    [InlineData("vllm/vllm-openai:v0.13.0", HttpStatusCode.OK)]
    public async Task Mooncake_on_a_vllm_image_without_MooncakeConnector_is_400_naming_the_image_and_reserves_nothing(string image, HttpStatusCode expected)
    {
        var tag = expected == HttpStatusCode.OK ? "new" : "old";
        var pool = $"pre-mc-{tag}";
        var nodes = await Plane.ReportNodesAsync(pool, NodeTemplates.H20, 1);
        var spec = JsonSerializer.SerializeToNode(DeploymentCalls.Spec(pool, model: "llama-3.1-8b", prefillTp: 1, decodeTp: 1))!;
        spec["engine"] = "vllm";
        spec["transferBackend"] = "mooncake";
        spec["image"]!["name"] = image;
        var name = $"mc-{tag}";

        using var put = await Plane.PutDeploymentAsync(name, spec);

        Assert.Equal(expected, put.StatusCode);
        if (expected == HttpStatusCode.BadRequest)
        {
            using var problem = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
            var error = problem.RootElement.GetProperty("errors").GetProperty("image.name")[0].GetString();
            Assert.Contains("vLLM 0.11.0 has no MooncakeConnector", error, StringComparison.Ordinal);
            Assert.All(await Plane.GpusAsync(nodes), g => Assert.Null(g.AllocatedTo));
            using var get = await Plane.Client(ApiFixture.ViewerKey).GetAsync(new Uri($"/api/v1/deployments/{name}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        }
        else
        {
            using var delete = await Plane.Client(ApiFixture.OperatorKey).DeleteAsync(new Uri($"/api/v1/deployments/{name}", UriKind.Relative));
            Assert.True(delete.IsSuccessStatusCode);
        }
    }

    [Fact]
    public async Task A_label_the_API_server_would_refuse_is_400_naming_it_and_reserves_nothing()
    {
        const string pool = "pre-labels";
        var nodes = await Plane.ReportNodesAsync(pool, NodeTemplates.H20, 1);
        var spec = JsonSerializer.SerializeToNode(DeploymentCalls.Spec(pool))!;
        spec["labels"] = new System.Text.Json.Nodes.JsonObject { ["team"] = "search", ["cost center"] = "42" };

        using var put = await Plane.PutDeploymentAsync("bad-labels", spec);
        using var get = await Plane.Client(ApiFixture.ViewerKey).GetAsync(new Uri("/api/v1/deployments/bad-labels", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        using var problem = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Contains("'cost center'", errors.GetProperty("labels.cost center")[0].GetString(), StringComparison.Ordinal);
        Assert.False(errors.TryGetProperty("labels.team", out _));
        Assert.All(await Plane.GpusAsync(nodes), g => Assert.Null(g.AllocatedTo));
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
    }

    [Theory]
    [InlineData("spare", "$.spare")]
    [InlineData("image.tag", "$.image.tag")]
    public async Task A_field_the_spec_does_not_have_is_400_naming_it_instead_of_being_ignored(string field, string path)
    {
        const string pool = "pre-unknown";
        var nodes = await Plane.ReportNodesAsync(pool, NodeTemplates.H20, 1);
        var spec = JsonSerializer.SerializeToNode(DeploymentCalls.Spec(pool))!;
        var (parent, name) = field.Contains('.', StringComparison.Ordinal) ? (spec[field.Split('.')[0]]!, field.Split('.')[1]) : (spec, field);
        parent[name] = 2;

        using var put = await Plane.PutDeploymentAsync($"unknown-{name}", spec);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        using var problem = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
        var message = problem.RootElement.GetProperty("errors").GetProperty(path)[0].GetString();
        Assert.Equal($"'{name}' is not a field here", message);
        Assert.All(await Plane.GpusAsync(nodes), g => Assert.Null(g.AllocatedTo));
    }

    [Fact]
    public async Task A_pinned_node_name_no_node_can_have_is_400_naming_it()
    {
        var spec = JsonSerializer.SerializeToNode(DeploymentCalls.Spec("pre-pin"))!;
        spec["nodes"] = new System.Text.Json.Nodes.JsonArray("h20-01", "BAD NODE");

        using var put = await Plane.PutDeploymentAsync("bad-pin", spec);

        Assert.Equal(HttpStatusCode.BadRequest, put.StatusCode);
        using var problem = JsonDocument.Parse(await put.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Contains("'BAD NODE' is not a node name", errors.GetProperty("nodes[1]")[0].GetString(), StringComparison.Ordinal);
        Assert.False(errors.TryGetProperty("nodes[0]", out _));
    }
}
