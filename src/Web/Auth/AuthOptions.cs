using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Web.Auth;

/// <summary><c>ControlPlane:Auth</c>: the API keys operators and automation use, and the agent tokens' secret.</summary>
internal sealed class AuthOptions
{
    public const string Section = "ControlPlane:Auth";

    /// <summary>Keys by name. Give <see cref="ApiKey.Sha256"/> (preferred) or the plain <see cref="ApiKey.Key"/>.</summary>
    public List<ApiKey> ApiKeys { get; set; } = [];

    /// <summary>How long a verified agent token is trusted before its node grain is asked again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan AgentTokenCacheFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The cluster secret agent tokens are signed with (HMAC-SHA256), so every front end refuses a made-up
    /// token without asking a grain. The same value on every front end; required in cluster mode, generated
    /// per process in embedded mode. Changing it invalidates every issued token.
    /// </summary>
    [MinLength(AgentTokenSecret.MinimumLength)]
    public string? TokenSecret { get; set; }

    public sealed class ApiKey
    {
        [Required] public string Name { get; set; } = "";
        [Required] public string Role { get; set; } = Roles.Viewer;
        public string? Key { get; set; }
        public string? Sha256 { get; set; }
    }
}
