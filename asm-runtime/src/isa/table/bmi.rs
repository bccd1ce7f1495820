//! General-purpose instructions encoded with VEX and their relatives: BMI1, BMI2, LZCNT, POPCNT, ADX, MOVBE.
//!
//! Rows in the notation of the [table module](super); this file's macro appends them to the row
//! list and hands it on.

macro_rules! bmi_rows {
    ($next:ident $($more:ident)* ; $($acc:tt)*) => {
        $next! { $($more)* ; $($acc)*
        }
    };
}
