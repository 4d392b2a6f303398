namespace ControlPlane.Contracts.Errors;

/// <summary>A change a grain could not write to storage: nothing of it took effect, and the same request may be sent again.</summary>
[GenerateSerializer, Alias("cp.StateNotStoredException")]
public sealed class StateNotStoredException : Exception
{
    public StateNotStoredException()
    {
    }

    public StateNotStoredException(string message)
        : base(message)
    {
    }

    public StateNotStoredException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
