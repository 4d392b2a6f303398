using System.Security.Cryptography;

namespace ControlPlane.Web.Auth;

/// <summary>The admin API key of this process: <c>CONTROLPLANE_ADMIN_KEY</c>, or a generated one that start-up prints once.</summary>
internal sealed record AdminKey(string Value, bool Generated)
{
    public const string EnvironmentVariable = "CONTROLPLANE_ADMIN_KEY";
    public const int MinimumLength = 16;

    public static AdminKey From(string? configured)
    {
        if (string.IsNullOrEmpty(configured))
        {
            return new AdminKey("cpk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24)), Generated: true);
        }

        return configured.Length < MinimumLength
            ? throw new InvalidOperationException($"{EnvironmentVariable} must be at least {MinimumLength} characters.")
            : new AdminKey(configured, Generated: false);
    }
}
