//! The Rust types an immediate `{expr}` hole of the `x86!` macro takes: every integer type that
//! converts to the instruction's immediate field without loss.
//!
//! Each immediate field is a marker type ([`Imm8`], [`Imm16`], [`Imm32`], [`Imm32s`], [`Imm64`],
//! and [`Disp32`] for a memory displacement). [`ImmFits<F>`] is implemented for exactly the
//! integer types whose every value the field `F` holds, so a hole of another type is a type
//! error that rustc reports on the hole's expression:
//!
//! | field | types |
//! |---|---|
//! | [`Imm8`] (an 8-bit operation: `add al, imm8`) | `i8`, `u8` |
//! | [`Imm16`] (`mov r16, imm16`, `ret imm16`) | `i8`, `i16`, `u8`, `u16` |
//! | [`Imm32`] (a 32-bit operation: `mov r32, imm32`) | `i8`, `i16`, `i32`, `u8`, `u16`, `u32` |
//! | [`Imm32s`] (sign-extended to 64 bits: `add r64, imm32`) | `i8`, `i16`, `i32`, `u8`, `u16` |
//! | [`Imm64`] (`mov r64, imm64`) | every integer type up to 64 bits |
//! | [`Disp32`] (a memory displacement) | `i8`, `i16`, `i32`, `u8`, `u16` |
//!
//! A `u32` does not fit [`Imm32s`]: `0xffff_ffff` sign-extended is `-1`. The shortest encoding is
//! still chosen by the value at run time (an `imm8` form when the value fits one).
//!
//! ```
//! use asm_runtime::imm::{ImmHole, Imm32s};
//! assert_eq!(ImmHole::<Imm32s>::new(200u8).value(), 200);
//! assert_eq!(ImmHole::<Imm32s>::new(-5i16).value(), -5);
//! ```
//!
//! ```compile_fail
//! use asm_runtime::imm::{ImmHole, Imm32s};
//! let _ = ImmHole::<Imm32s>::new(1u32); // a u32 does not fit a sign-extended imm32
//! ```

use core::marker::PhantomData;

use crate::isa::Kind;

/// An immediate field (a marker type): its name, for messages.
pub trait ImmField {
    /// The field as the manual writes it (`imm32`).
    const NAME: &'static str;
}

macro_rules! fields {
    ($($(#[$doc:meta])* $name:ident = $text:literal: $($ty:ty),*;)*) => {$(
        $(#[$doc])*
        #[derive(Copy, Clone, Debug)]
        pub enum $name {}

        impl ImmField for $name {
            const NAME: &'static str = $text;
        }

        $(impl ImmFits<$name> for $ty {
            #[inline]
            fn imm_value(self) -> i128 {
                self as i128
            }
        })*
    )*};
}

/// An integer type whose every value the immediate field `F` holds without loss.
///
/// Implemented for exactly those types (see the [module docs](self)), so that the `x86!` macro
/// can take any of them in a hole and refuse the rest at compile time.
#[diagnostic::on_unimplemented(
    message = "the type `{Self}` does not fit this immediate field without loss",
    label = "`{Self}` does not convert losslessly to the instruction's `{F}` field",
    note = "see `asm_runtime::imm` for the types each field takes; convert with `try_into()` or `as` where the value is known to fit"
)]
pub trait ImmFits<F>: Copy {
    /// The value, exactly.
    fn imm_value(self) -> i128;
}

fields! {
    /// An 8-bit field of an 8-bit operation (`add al, imm8`): takes -128..=255.
    Imm8 = "imm8": i8, u8;
    /// A 16-bit field (`mov r16, imm16`, `enter imm16, imm8`): takes -32768..=65535.
    Imm16 = "imm16": i8, i16, u8, u16;
    /// A 32-bit field of a 32-bit operation (`mov r32, imm32`): takes -2^31..=2^32-1.
    Imm32 = "imm32": i8, i16, i32, u8, u16, u32;
    /// A 32-bit field the CPU sign-extends to 64 bits (`add r64, imm32`): takes i32 values.
    Imm32s = "imm32": i8, i16, i32, u8, u16;
    /// A 64-bit field (`mov r64, imm64`): takes every i64 and u64 value.
    Imm64 = "imm64": i8, i16, i32, i64, u8, u16, u32, u64, isize, usize;
    /// A 32-bit signed memory displacement.
    Disp32 = "disp32": i8, i16, i32, u8, u16;
}

/// The value of an immediate hole for field `F`; built only from a type that fits `F`.
#[derive(Copy, Clone, Debug)]
pub struct ImmHole<F> {
    value: i128,
    field: PhantomData<F>,
}

impl<F: ImmField> ImmHole<F> {
    /// Takes any integer that the field holds without loss.
    #[inline]
    pub fn new<T: ImmFits<F>>(x: T) -> Self {
        ImmHole { value: x.imm_value(), field: PhantomData }
    }

    /// The value.
    #[inline]
    pub fn value(self) -> i128 {
        self.value
    }
}

/// The name of the marker type in this module for an immediate kind that takes a hole
/// (`"Imm32s"` for the sign-extended imm32 of `add r/m64, imm32`), from the kind's descriptor.
pub fn field_of(k: Kind) -> Option<&'static str> {
    let info = k.info().imm?;
    info.hole?;
    Some(match (info.bits, info.sext) {
        (8, _) => "Imm8",
        (16, _) => "Imm16",
        (32, 0) => "Imm32",
        (32, _) => "Imm32s",
        _ => "Imm64",
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every type a field takes holds only values the field's kind accepts.
    #[test]
    fn fields_agree_with_the_kinds() {
        let extremes: [(i128, i128); 5] = [
            (i8::MIN.into(), u8::MAX.into()),
            (i16::MIN.into(), u16::MAX.into()),
            (i32::MIN.into(), u32::MAX.into()),
            (i32::MIN.into(), i32::MAX.into()),
            (i64::MIN.into(), u64::MAX.into()),
        ];
        let kinds = [Kind::Imm8, Kind::Imm16, Kind::Imm32, Kind::Imm32s, Kind::Imm64];
        let names = ["Imm8", "Imm16", "Imm32", "Imm32s", "Imm64"];
        for ((k, name), (lo, hi)) in kinds.iter().zip(names).zip(extremes) {
            assert_eq!(field_of(*k), Some(name));
            assert!(k.accepts_value(lo) && k.accepts_value(hi), "{name}");
        }
        assert_eq!(field_of(Kind::Imm8s64), None);
        assert_eq!(ImmHole::<Imm64>::new(u64::MAX).value(), u64::MAX as i128);
        assert_eq!(ImmHole::<Imm8>::new(255u8).value(), 255);
        assert_eq!(ImmHole::<Imm32>::new(u32::MAX).value(), u32::MAX as i128);
    }
}
