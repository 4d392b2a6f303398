using System.Net;
using ControlPlane.Kubernetes;
using ControlPlane.Simulation;
using ControlPlane.Testing;
using k8s.Models;

namespace ControlPlane.Web.Tests.Apis;

/// <summary><c>ControlPlane:Kubernetes</c> rendering keys reach the manifests a deployment renders, through the REST path.</summary>
public sealed class ModelPathConfigurationTests
{
    [Fact(Timeout = 60_000)]
    public async Task Configured_ModelPath_and_Namespace_reach_the_engine_command_line_of_every_pod()
    {
        await using var plane = await RunningControlPlane.StartAsync(
            "--ControlPlane:Kubernetes:ModelPath=/weights/qwen2.5-72b-instruct",
            "--ControlPlane:Kubernetes:ModelHostPath=/mnt/models",
            "--ControlPlane:Kubernetes:Namespace=llm");
        await plane.ReportNodesAsync("model-path", NodeTemplates.H20, 1);

        using var put = await plane.PutDeploymentAsync("qwen-path", DeploymentCalls.Spec("model-path"), RunningControlPlane.AdminKey);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        using var client = plane.Client();
        var yaml = await client.GetStringAsync(new Uri("/api/v1/deployments/qwen-path/manifests", UriKind.Relative));

        var pods = ManifestYaml.Load(yaml).OfType<V1Pod>().ToArray();
        Assert.Equal(2, pods.Length);
        Assert.All(pods, p => Assert.Equal("llm", p.Metadata.NamespaceProperty));
        Assert.All(pods, p =>
        {
            var args = p.Spec.Containers[0].Command;
            Assert.Equal("/weights/qwen2.5-72b-instruct", args[args.IndexOf("--model-path") + 1]);
        });
        Assert.All(pods, p => Assert.Contains(p.Spec.Volumes, v => v.HostPath?.Path == "/mnt/models"));
    }
}
