using System.Xml.Linq;
using ControlPlane.Deploy.Tests.Composition;
using ControlPlane.Deploy.Tests.Manifests;

namespace ControlPlane.Deploy.Tests.Images;

public class ImageTests
{
    /// <summary>The images deploy/docker builds; README's build commands tag them exactly so.</summary>
    public static readonly string[] OwnRepositories = ["controlplane/silo", "controlplane/web", "controlplane/cp-agent"];

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void Every_image_is_pinned_by_a_release_tag_or_a_digest(string folder)
    {
        var images = Workload.In(ManifestSet.Compose(folder))
            .SelectMany(w => w.Pod.Containers.Concat(w.Pod.InitContainers ?? []).Select(c => (Where: $"{w} {c.Name}", c.Image)))
            .ToList();

        Assert.NotEmpty(images);
        Assert.All(images, i => Assert.True(ImageReference.Parse(i.Image).IsPinned, $"{i.Where}: image '{i.Image}' is not pinned"));
    }

    [Theory]
    [MemberData(nameof(DeployFolders.All), MemberType = typeof(DeployFolders))]
    public void The_control_planes_own_images_carry_the_agents_release_version_and_no_placeholder_registry(string folder)
    {
        var version = XDocument.Load(RepositoryPaths.Of("src/Agent/Agent.csproj")).Descendants("Version").Single().Value;
        var own = Workload.In(ManifestSet.Compose(folder))
            .SelectMany(w => w.Pod.Containers)
            .Select(c => ImageReference.Parse(c.Image))
            .Where(i => !i.Repository.StartsWith("redis", StringComparison.Ordinal))
            .ToList();

        Assert.Equal(OwnRepositories.Order(StringComparer.Ordinal), own.Select(i => i.Repository).Distinct().Order(StringComparer.Ordinal));
        Assert.All(own, i => Assert.Equal(version, i.Tag));
    }

    [Theory]
    [InlineData("controlplane/silo:0.1.0", true)]
    [InlineData("redis:7.4.2-alpine", true)]
    [InlineData("registry:5000/team/web@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", true)]
    [InlineData("redis:7.4-alpine", false)]
    [InlineData("controlplane/silo:latest", false)]
    [InlineData("ghcr.io/controlplane/silo:dev", false)]
    [InlineData("registry:5000/controlplane/silo", false)]
    [InlineData("controlplane/silo@sha256:abc", false)]
    public void A_reference_is_pinned_only_by_a_full_release_tag_or_a_sha256_digest(string image, bool pinned) =>
        Assert.Equal(pinned, ImageReference.Parse(image).IsPinned);
}
