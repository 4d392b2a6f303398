using System.Text.RegularExpressions;

namespace ControlPlane.Deploy.Tests.Images;

/// <summary>An image reference split into repository, tag and digest: <c>[registry/]repo[:tag][@sha256:…]</c>.</summary>
public sealed partial record ImageReference(string Repository, string? Tag, string? Digest)
{
    public static ImageReference Parse(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var digest = at < 0 ? null : image[(at + 1)..];
        var named = at < 0 ? image : image[..at];
        var colon = named.LastIndexOf(':');
        var tagged = colon > named.LastIndexOf('/');
        return new ImageReference(tagged ? named[..colon] : named, tagged ? named[(colon + 1)..] : null, digest);
    }

    /// <summary>
    /// Pinned: a sha256 digest, or a tag naming a full release (<c>0.1.0</c>, <c>7.4.2-alpine</c>). A missing tag,
    /// <c>latest</c>, <c>dev</c> or a minor-version tag such as <c>7.4-alpine</c> moves under the cluster's feet.
    /// </summary>
    public bool IsPinned => (Digest is not null && Sha256Digest().IsMatch(Digest)) || (Tag is not null && ReleaseTag().IsMatch(Tag));

    [GeneratedRegex("^sha256:[0-9a-f]{64}$")]
    private static partial Regex Sha256Digest();

    [GeneratedRegex(@"^v?[0-9]+\.[0-9]+\.[0-9]+([-+.][0-9A-Za-z.-]+)?$")]
    private static partial Regex ReleaseTag();
}
