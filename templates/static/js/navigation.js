/* navigation: placeholder until the runtime lands */
