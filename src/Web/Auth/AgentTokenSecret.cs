using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace ControlPlane.Web.Auth;

/// <summary>
/// The key agent tokens are signed with: <c>ControlPlane:Auth:TokenSecret</c>, or, in embedded mode only,
/// one generated for this process (start-up says so). Cluster mode refuses to start without it: front ends
/// with different secrets would refuse each other's tokens.
/// </summary>
internal sealed record AgentTokenSecret(byte[] Key, bool Generated)
{
    public const string ConfigurationKey = AuthOptions.Section + ":TokenSecret";
    public const int MinimumLength = 32;

    public static AgentTokenSecret From(string? configured, bool embedded)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            // Its length is checked with the other options when the host starts.
            return new AgentTokenSecret(Encoding.UTF8.GetBytes(configured), Generated: false);
        }

        return embedded
            ? new AgentTokenSecret(RandomNumberGenerator.GetBytes(32), Generated: true)
            : throw new OptionsValidationException(AuthOptions.Section, typeof(AuthOptions),
                [$"{ConfigurationKey}: required in cluster mode (at least {MinimumLength} characters, the same on every web front end), e.g. `openssl rand -hex 32`"]);
    }
}
