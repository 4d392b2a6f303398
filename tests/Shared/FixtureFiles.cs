namespace ControlPlane.Tests.Shared;

/// <summary>
/// Locates the real captures in <c>shared/fixtures</c>, which sits beside the repository checkout
/// (<c>../shared/fixtures</c> from the repository root). <c>CONTROLPLANE_FIXTURES</c> overrides it.
/// </summary>
public static class FixtureFiles
{
    private static readonly Lazy<string> Root = new(FindRoot);

    public static string RootDirectory => Root.Value;

    public static string PathOf(string relativePath) => Path.Combine(Root.Value, relativePath);

    public static string Read(string relativePath) => File.ReadAllText(PathOf(relativePath));

    private static string FindRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CONTROLPLANE_FIXTURES");
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ControlPlane.sln")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "fixtures"));
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }

                throw new DirectoryNotFoundException(
                    $"Fixtures not found at {candidate}: the shared/ folder must sit beside the checkout, or set CONTROLPLANE_FIXTURES.");
            }
        }

        throw new DirectoryNotFoundException("ControlPlane.sln not found above " + AppContext.BaseDirectory);
    }
}
