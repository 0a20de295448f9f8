/* main: placeholder until the runtime lands */
