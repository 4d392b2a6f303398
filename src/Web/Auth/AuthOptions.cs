using System.ComponentModel.DataAnnotations;

namespace ControlPlane.Web.Auth;

/// <summary><c>ControlPlane:Auth</c>: the API keys operators and automation use.</summary>
internal sealed class AuthOptions
{
    public const string Section = "ControlPlane:Auth";

    /// <summary>Keys by name. Give <see cref="ApiKey.Sha256"/> (preferred) or the plain <see cref="ApiKey.Key"/>.</summary>
    public List<ApiKey> ApiKeys { get; set; } = [];

    /// <summary>How long a verified agent token is trusted before its node grain is asked again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan AgentTokenCacheFor { get; set; } = TimeSpan.FromSeconds(30);

    public sealed class ApiKey
    {
        [Required] public string Name { get; set; } = "";
        [Required] public string Role { get; set; } = Roles.Viewer;
        public string? Key { get; set; }
        public string? Sha256 { get; set; }
    }
}
