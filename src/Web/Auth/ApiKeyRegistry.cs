using ControlPlane.Contracts.Nodes;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Auth;

/// <summary>
/// The configured API keys, looked up by SHA-256 so no plain key is compared or kept beyond start-up.
/// The admin key comes from <c>CONTROLPLANE_ADMIN_KEY</c>, or is generated and printed once.
/// </summary>
internal sealed class ApiKeyRegistry
{
    private readonly Dictionary<string, (string Name, string Role)> _byHash = new(StringComparer.Ordinal);

    public ApiKeyRegistry(IOptions<AuthOptions> options, AdminKey adminKey)
    {
        foreach (var key in options.Value.ApiKeys)
        {
            if (!Roles.IsKnown(key.Role))
            {
                throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions), [$"API key '{key.Name}' has role '{key.Role}'; expected one of {string.Join(", ", Roles.All)}"]);
            }

            var hash = key.Sha256?.ToLowerInvariant() ?? (key.Key is { Length: > 0 } plain ? Hash(plain)
                : throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions), [$"API key '{key.Name}' needs Key or Sha256"]));
            _byHash[hash] = (key.Name, key.Role);
        }

        _byHash[Hash(adminKey.Value)] = ("admin", Roles.Admin);
    }

    public bool TryResolve(string presented, out string name, out string role) =>
        TryResolveHash(Hash(presented), out name, out role);

    /// <summary>Resolves a credential already hashed with <see cref="Hash"/> (the bearer handler hashes once per request).</summary>
    public bool TryResolveHash(string presentedSha256, out string name, out string role)
    {
        if (_byHash.TryGetValue(presentedSha256, out var entry))
        {
            (name, role) = entry;
            return true;
        }

        name = role = "";
        return false;
    }

    /// <summary>API keys and agent tokens are hashed the same way, so one hash per request serves both lookups.</summary>
    public static string Hash(string key) => AgentToken.Sha256(key);
}
