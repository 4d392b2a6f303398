using k8s.Models;
using Microsoft.AspNetCore.JsonPatch.SystemTextJson.Exceptions;

namespace ControlPlane.Deploy.Tests.Composition;

/// <summary>The composer refuses what it does not do as kustomize does, instead of checking less than kubectl applies.</summary>
public sealed class ComposerTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("deploy-tests-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void A_patch_whose_test_operation_does_not_hold_fails_the_composition()
    {
        var overlay = Overlay("""
            - { op: test, path: /spec/template/spec/containers/0/env/0/name, value: NOT_THE_FIRST_VARIABLE }
            - { op: replace, path: /spec/template/spec/containers/0/env/0/value, value: "x" }
            """);

        Assert.Throws<JsonPatchException>(() => ManifestSet.ComposeAt(overlay, "broken"));
    }

    [Fact]
    public void A_patch_is_applied_with_typed_values_and_an_unknown_field_it_adds_is_refused()
    {
        var replicas = Overlay("- { op: replace, path: /spec/replicas, value: 5 }");
        Assert.Equal(5, ManifestSet.ComposeAt(replicas, "replicas").OfType<V1Deployment>().Single(d => d.Name() == "controlplane-web").Spec.Replicas);

        var misspelt = Overlay("- { op: add, path: /spec/replica, value: 5 }");
        Assert.ThrowsAny<Exception>(() => ManifestSet.ComposeAt(misspelt, "misspelt"));
    }

    [Fact]
    public void A_kustomize_feature_deploy_does_not_use_is_an_error()
    {
        var overlay = Path.Combine(root, "prefixed");
        Directory.CreateDirectory(overlay);
        File.WriteAllText(Path.Combine(overlay, "kustomization.yaml"), $"""
            apiVersion: {ManifestSet.KustomizeApiVersion}
            kind: Kustomization
            namePrefix: dev-
            resources: ["{Path.Combine(RepositoryPaths.Deploy, "base")}"]
            """);

        Assert.ThrowsAny<Exception>(() => ManifestSet.ComposeAt(overlay, "prefixed"));
    }

    [Fact]
    public void A_patch_that_targets_no_object_is_an_error()
    {
        var overlay = Overlay("- { op: replace, path: /spec/replicas, value: 1 }", target: "controlplane-wbe");

        Assert.Throws<InvalidDataException>(() => ManifestSet.ComposeAt(overlay, "typo"));
    }

    private string Overlay(string patch, string target = "controlplane-web")
    {
        var overlay = Path.Combine(root, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(overlay);
        File.WriteAllText(Path.Combine(overlay, "patch.yaml"), patch);
        File.WriteAllText(Path.Combine(overlay, "kustomization.yaml"), $$"""
            apiVersion: {{ManifestSet.KustomizeApiVersion}}
            kind: Kustomization
            resources: ["{{Path.Combine(RepositoryPaths.Deploy, "base")}}"]
            patches:
              - path: patch.yaml
                target: { group: apps, version: v1, kind: Deployment, name: {{target}}, namespace: controlplane }
            """);
        return overlay;
    }
}
