//! The PDF briefing (genpdfi).
