A counter: prints the digits 0 to 9 each on its own line
cell 0 = 10 (loop counter)
++++++++++
cell 2 = 6 * 8 = 48 (the digit zero) using cell 1 as the multiplier
>++++++[>++++++++<-]
cell 3 = 10 (newline)
>>++++++++++
back to cell 0; each round prints the digit and a newline then bumps the digit
<<<[>>.+>.<<<-]
