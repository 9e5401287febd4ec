#pragma once

/// Background work that must never hold up the GUI thread.
class BackgroundPriority final
{
public:
    /// Lowers the calling thread's scheduling priority below the GUI thread's, once per thread (Linux; a
    /// no-op elsewhere). Call it only on threads of a pool of one's own, as no other work should inherit it.
    static void applyToCurrentThread();
};
