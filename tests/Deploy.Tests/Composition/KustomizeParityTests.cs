using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace ControlPlane.Deploy.Tests.Composition;

/// <summary>
/// The composition the other tests check is the one kubectl applies: each folder rendered by the real kustomize
/// (<c>kubectl kustomize</c>, kubectl is on the build machines) holds the same objects, field for field.
/// </summary>
public class KustomizeParityTests
{
    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public async Task Kubectl_kustomize_renders_exactly_the_objects_the_tests_compose(string folder)
    {
        var rendered = await KubectlKustomizeAsync(Path.Combine(RepositoryPaths.Deploy, folder));

        var expected = ByIdentity(ManifestSet.Compose(folder).Objects);
        var actual = ByIdentity(KubernetesYaml.LoadAllFromString(rendered, strict: true).Cast<IKubernetesObject>());

        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        Assert.All(expected, e => Assert.True(JsonNode.DeepEquals(e.Value, actual[e.Key]), $"{e.Key} differs:\n{e.Value.ToJsonString()}\n{actual[e.Key].ToJsonString()}"));
    }

    private static Dictionary<string, JsonNode> ByIdentity(IEnumerable<IKubernetesObject> objects) =>
        objects.ToDictionary(
            o => $"{o.ApiVersion} {o.Kind} {((IMetadata<V1ObjectMeta>)o).Namespace()}/{((IMetadata<V1ObjectMeta>)o).Name()}",
            o => JsonNode.Parse(KubernetesJson.Serialize(o))!);

    private static async Task<string> KubectlKustomizeAsync(string directory)
    {
        var start = new ProcessStartInfo("kubectl", ["kustomize", directory]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var kubectl = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var output = kubectl.StandardOutput.ReadToEndAsync();
        var error = kubectl.StandardError.ReadToEndAsync();
        await kubectl.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(kubectl.ExitCode == 0, $"kubectl kustomize {directory}: exit {kubectl.ExitCode}: {await error}");
        return await output;
    }
}
