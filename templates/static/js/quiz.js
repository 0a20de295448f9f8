/* quiz: placeholder until the runtime lands */
