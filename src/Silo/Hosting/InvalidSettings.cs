using Microsoft.Extensions.Options;

namespace ControlPlane.Silo.Hosting;

/// <summary>
/// A start refused by options validation (<c>ValidateOnStart</c>): the messages name the keys to fix, so they are what
/// the operator reads, one per line, instead of an unhandled exception's stack trace.
/// </summary>
public static class InvalidSettings
{
    public static bool IsCause(Exception failure) => Failures(failure).Any();

    public static string Describe(Exception failure) =>
        "Invalid settings; the control plane did not start:" + string.Concat(Failures(failure).Select(message => $"{Environment.NewLine}  {message}"));

    private static IEnumerable<string> Failures(Exception failure) => failure switch
    {
        OptionsValidationException invalid => invalid.Failures,
        AggregateException many when many.InnerExceptions.All(e => e is OptionsValidationException) =>
            many.InnerExceptions.Cast<OptionsValidationException>().SelectMany(e => e.Failures),
        _ => [],
    };
}
