namespace Splitwise.NativeFixup;

public enum PatchOutcome
{
    /// <summary>The requirement was strict and is now weak.</summary>
    MarkedWeak,
    /// <summary>The requirement was already weak; nothing was written.</summary>
    AlreadyWeak,
    /// <summary>The file does not need that version at all.</summary>
    NotRequired,
}
