namespace ControlPlane.Deploy.Tests.Composition;

/// <summary>
/// The part of kustomize's <c>kustomization.yaml</c> that deploy/ uses: <c>resources</c> (files or folders with their
/// own kustomization) and <c>patches</c> that are JSON 6902 operation lists with a target. Read strictly: any other
/// field (namePrefix, images, strategic merge patches…) is an error, so the test never checks less than kubectl applies.
/// </summary>
public sealed class Kustomization
{
    public string ApiVersion { get; set; } = "";

    public string Kind { get; set; } = "";

    public List<string> Resources { get; set; } = [];

    public List<PatchReference> Patches { get; set; } = [];
}

public sealed class PatchReference
{
    public string Path { get; set; } = "";

    public PatchTarget Target { get; set; } = new();
}

public sealed class PatchTarget
{
    public string? Group { get; set; }

    public string? Version { get; set; }

    public string Kind { get; set; } = "";

    public string Name { get; set; } = "";

    public string? Namespace { get; set; }
}
