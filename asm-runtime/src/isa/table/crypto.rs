//! AES-NI, PCLMULQDQ and SHA (legacy and VEX encodings).
//!
//! Rows in the notation of the [table module](super); this file's macro appends them to the row
//! list and hands it on.

macro_rules! crypto_rows {
    ($next:ident $($more:ident)* ; $($acc:tt)*) => {
        $next! { $($more)* ; $($acc)*
        }
    };
}
