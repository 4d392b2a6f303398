using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ControlPlane.Kubernetes;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using k8s.Models;

namespace ControlPlane.Web.Tests.Apis;

/// <summary><c>GET /api/v1/deployments/{name}/endpoints</c> over HTTP, on a control plane that renders the PD router.</summary>
public sealed class DeploymentEndpointsApiTests(DeploymentEndpointsApiTests.RouterPlane fixture) : IClassFixture<DeploymentEndpointsApiTests.RouterPlane>
{
    [Fact(Timeout = 60_000)]
    public async Task Endpoints_follow_the_pairs_when_a_deployment_grows_from_one_to_two_pairs()
    {
        await fixture.Plane.ReportNodesAsync("endpoints", NodeTemplates.H20, 2);

        using (var one = await fixture.Plane.PutDeploymentAsync("qwen-ep", DeploymentCalls.Spec("endpoints", pairs: 1), RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        }

        var before = await EndpointsAsync("qwen-ep");
        var pair = Assert.Single(before.GetProperty("pairs").EnumerateArray());
        Assert.Equal("http://prefill.qwen-ep-pair-0.llm.svc:30000", pair.GetProperty("prefillUrl").GetString());
        Assert.Equal("http://decode.qwen-ep-pair-0.llm.svc:30000", pair.GetProperty("decodeUrl").GetString());
        Assert.Equal(8998, pair.GetProperty("bootstrapPort").GetInt32());
        Assert.Equal("http://qwen-ep-router.llm.svc:8000", before.GetProperty("routerUrl").GetString());
        Assert.Equal(("qwen-ep", "sglang", "llm"), (before.GetProperty("deployment").GetString(), before.GetProperty("engine").GetString(), before.GetProperty("namespace").GetString()));

        using (var two = await fixture.Plane.PutDeploymentAsync("qwen-ep", DeploymentCalls.Spec("endpoints", pairs: 2), RunningControlPlane.AdminKey))
        {
            Assert.Equal(HttpStatusCode.OK, two.StatusCode);
        }

        var after = await EndpointsAsync("qwen-ep");
        var pairs = after.GetProperty("pairs").EnumerateArray().ToArray();
        Assert.Equal(2, pairs.Length);
        Assert.Equal([0, 1], pairs.Select(p => p.GetProperty("index").GetInt32()));
        Assert.Equal(["http://prefill.qwen-ep-pair-0.llm.svc:30000", "http://prefill.qwen-ep-pair-1.llm.svc:30000"], pairs.Select(p => p.GetProperty("prefillUrl").GetString()));
        Assert.Equal(["http://decode.qwen-ep-pair-0.llm.svc:30000", "http://decode.qwen-ep-pair-1.llm.svc:30000"], pairs.Select(p => p.GetProperty("decodeUrl").GetString()));

        // The router the manifests render dials exactly these pairs.
        using var client = fixture.Plane.Client(ApiFixture.ViewerKey);
        var yaml = await client.GetStringAsync(new Uri("/api/v1/deployments/qwen-ep/manifests", UriKind.Relative));
        var router = Assert.Single(ManifestYaml.Load(yaml).OfType<V1Deployment>());
        var command = router.Spec.Template.Spec.Containers.Single().Command;
        Assert.All(pairs, p => Assert.Contains(p.GetProperty("prefillUrl").GetString(), command));
        Assert.All(pairs, p => Assert.Contains(p.GetProperty("decodeUrl").GetString(), command));
    }

    [Fact(Timeout = 60_000)]
    public async Task An_unknown_deployment_is_a_404_problem()
    {
        using var client = fixture.Plane.Client(ApiFixture.ViewerKey);

        using var response = await client.GetAsync(new Uri("/api/v1/deployments/no-such-deployment/endpoints", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.ProblemAsync();
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal("Unknown deployment", problem.GetProperty("title").GetString());
        Assert.Equal("No deployment 'no-such-deployment'.", problem.GetProperty("detail").GetString());
        Assert.False(problem.TryGetProperty("problemDetails", out _));
    }

    [Fact(Timeout = 60_000)]
    public async Task A_name_that_is_no_DNS_label_is_a_400_naming_the_field()
    {
        using var client = fixture.Plane.Client(ApiFixture.ViewerKey);

        using var response = await client.GetAsync(new Uri("/api/v1/deployments/Not_A_Label/endpoints", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.ProblemAsync()).GetProperty("errors").TryGetProperty("name", out _));
    }

    [Fact(Timeout = 60_000)]
    public async Task OpenAPI_declares_the_endpoints_answer_and_its_404_problem()
    {
        var document = await fixture.Plane.GetJsonAsync<JsonElement>("/openapi/v1.json", ApiFixture.ViewerKey);

        var responses = document.GetProperty("paths").GetProperty("/api/v1/deployments/{name}/endpoints").GetProperty("get").GetProperty("responses");
        Assert.True(responses.GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
        Assert.True(responses.GetProperty("404").GetProperty("content").TryGetProperty("application/problem+json", out _));
    }

    [Fact(Timeout = 60_000)]
    public async Task Endpoints_need_a_key()
    {
        using var client = fixture.Plane.Client(bearer: null);

        using var response = await client.GetAsync(new Uri("/api/v1/deployments/qwen-ep/endpoints", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private async Task<JsonElement> EndpointsAsync(string name)
    {
        using var client = fixture.Plane.Client(ApiFixture.ViewerKey);
        using var response = await client.GetAsync(new Uri($"/api/v1/deployments/{name}/endpoints", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>A control plane with a viewer key that renders the router into namespace <c>llm</c>.</summary>
    public sealed class RouterPlane : IAsyncLifetime
    {
        public RunningControlPlane Plane { get; private set; } = null!;

        public async Task InitializeAsync() => Plane = await RunningControlPlane.StartAsync(
            "--ControlPlane:Auth:ApiKeys:0:Name=ci-viewer",
            "--ControlPlane:Auth:ApiKeys:0:Role=viewer",
            $"--ControlPlane:Auth:ApiKeys:0:Key={ApiFixture.ViewerKey}",
            "--ControlPlane:Kubernetes:Namespace=llm",
            "--ControlPlane:Kubernetes:PdRouter=true");

        public async Task DisposeAsync() => await Plane.DisposeAsync();
    }
}
