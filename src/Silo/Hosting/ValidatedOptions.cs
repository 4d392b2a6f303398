using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ControlPlane.Silo.Hosting;

/// <summary>
/// Binds an options class to its configuration section and checks it when the host starts
/// (data annotations plus the class's own rules), failing with the full configuration key of every
/// bad value (<c>ControlPlane:Health:HeartbeatInterval: …</c>) rather than the property name alone.
/// </summary>
public static class ValidatedOptions
{
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section, Func<T, IEnumerable<string>>? problems = null)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new SectionValidator<T>(section, problems));
        return services.AddOptions<T>().Bind(configuration.GetSection(section)).ValidateOnStart();
    }

    private sealed class SectionValidator<T>(string section, Func<T, IEnumerable<string>>? problems) : IValidateOptions<T>
        where T : class
    {
        public ValidateOptionsResult Validate(string? name, T options)
        {
            var results = new List<ValidationResult>();
            Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
            string[] failures =
            [
                // A nested member ("Weights.TierStep") is the configuration key "Weights:TierStep".
                .. results.Select(r => $"{section}:{string.Join(",", r.MemberNames.Select(m => m.Replace('.', ':')))}: {r.ErrorMessage}"),
                .. problems?.Invoke(options) ?? [],
            ];
            return failures.Length == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
        }
    }
}
